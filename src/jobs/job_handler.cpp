#include "jobs/job_handler.h"

#include "api/context.h"
#include "api/json_io.h"
#include "api/schema.h"

namespace sb::jobs {

using api::Access;
using api::Context;
using api::json;
using namespace api::schema;

void register_job_routes(api::Api& api, JobQueue& queue) {
  api.add({"GET", "/api/v1/businesses/{b}/jobs/{id}", Access::tenant, tenancy::Permission::contacts_read, 0, false, false,
           [&queue](Context& ctx) -> Result<http::Response> {
             auto job = queue.get(ctx.scope(), ctx.param("id"));
             if (!job) return fail(Error::not_found("No such job."));
             json progress = {{"done", job->progress_done},
                              {"total", job->progress_total ? json(*job->progress_total) : json()}};
             return api::json_response(200, {{"id", job->id},
                                             {"kind", job->kind},
                                             {"status", to_string(job->status)},
                                             {"progress", progress},
                                             {"result", job->result},
                                             {"error", job->error ? json(*job->error) : json()},
                                             {"attempts", job->attempts},
                                             {"created_at", to_rfc3339(job->created_at)},
                                             {"updated_at", to_rfc3339(job->updated_at)}});
           },
           {"A background job: status, progress and result", "jobs", nullptr, "application/json", {},
            {{200, object({{"id", str()},
                           {"kind", str()},
                           {"status", enumeration({"queued", "running", "done", "failed"})},
                           {"progress", object({{"done", integer()}, {"total", nullable(integer())}})},
                           {"result", free_object()},
                           {"error", nullable(str())},
                           {"attempts", integer()},
                           {"created_at", timestamp()},
                           {"updated_at", timestamp()}},
                          {"id", "kind", "status", "progress", "result", "error"})}},
            {}}});
}

}  // namespace sb::jobs
