#!/usr/bin/env python3
"""Writes a wrk Lua script that cycles through N pre-signed 1-message deliveries (distinct
wamids, 1,000 customers): wrk is a leaner client than a thread per connection, so the peak
it measures is the server's, not the load generator's."""
import hashlib, hmac, json, sys, time

business, secret, number, count, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
now = int(time.time())
lines = ["local requests = {}"]
for i in range(count):
    customer = "1415555%04d" % (1000 + i % 1000)
    body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{"value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": number},
        "contacts": [{"profile": {"name": "Customer %d" % (i % 1000)}, "wa_id": customer}],
        "messages": [{"from": customer, "id": "wamid.wrk.%d.%d" % (now, i), "timestamp": str(now),
                      "text": {"body": "Hello, is my order %d on its way?" % i}, "type": "text"}]},
        "field": "messages"}]}]}, separators=(",", ":"))
    sig = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    lines.append('requests[%d] = wrk.format("POST", "/webhooks/whatsapp/%s", {["Content-Type"]="application/json", '
                 '["X-Hub-Signature-256"]="sha256=%s"}, %s)' % (i + 1, business, sig, json.dumps(body)))
lines.append("local n = 0")
lines.append("request = function() n = n %% %d + 1; return requests[n] end" % count)
open(out, "w").write("\n".join(lines) + "\n")
