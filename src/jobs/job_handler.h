#pragma once
#include "api/api.h"
#include "jobs/job_queue.h"

namespace sb::jobs {
// GET /api/v1/businesses/{b}/jobs/{id}: status, progress, result and error of a job.
void register_job_routes(api::Api& api, JobQueue& queue);
}
