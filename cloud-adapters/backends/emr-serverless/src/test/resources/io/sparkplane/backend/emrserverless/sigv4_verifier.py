"""Checks each request's SigV4 signature with botocore's own signer, as AWS would.

moto checks no signature. This stand-in for EMR Serverless recomputes the signature of every
request it gets from the headers the request says it signed, for the service `emr-serverless`,
the region and the test's credentials (testing/testing), with botocore (installed beside moto):
a valid one gets 200 and a body with every field the client reads; an invalid one gets what AWS
answers, 403 InvalidSignatureException. botocore is an independent implementation of SigV4, so a
request both accept is signed as AWS expects.

    python sigv4_verifier.py --port 5001
"""

import argparse
import json
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ANSWER = {
    "applicationId": "00app", "jobRunId": "00run", "name": "n",
    "arn": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/00run",
    "application": {"applicationId": "00app", "name": "n", "state": "STARTED", "releaseLabel": "emr-7.9.0", "tags": {}},
    "applications": [],
    "jobRun": {"applicationId": "00app", "jobRunId": "00run", "name": "n", "state": "RUNNING", "createdAt": 1796515200},
    "jobRuns": [],
}


class Verifier(BaseHTTPRequestHandler):
    def verify(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        authorization = self.headers.get("Authorization", "")
        problem = self.problem(authorization, body)
        if problem:
            self.answer(403, {"message": problem}, "InvalidSignatureException")
        else:
            self.answer(200, ANSWER)

    def problem(self, authorization, body):
        scope = re.search(r"Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request", authorization)
        signed = re.search(r"SignedHeaders=([^,]+)", authorization)
        signature = re.search(r"Signature=([0-9a-f]+)", authorization)
        if not (scope and signed and signature):
            return "no SigV4 Authorization header"
        access_key, _, region, service = scope.groups()
        if service != "emr-serverless":
            return f"signed for {service}, not emr-serverless"
        names = signed.group(1).split(";")
        request = AWSRequest(method=self.command, url="http://" + self.headers["Host"] + self.path, data=body,
                             headers={name: self.headers[name] for name in names if name != "host"})
        signer = SigV4Auth(Credentials(access_key, "testing"), service, region)
        request.context["timestamp"] = self.headers["X-Amz-Date"]
        expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
        return None if expected == signature.group(1) else "The request signature we calculated does not match the signature you provided."

    def answer(self, status, body, error_type=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if error_type:
            self.send_header("x-amzn-ErrorType", error_type)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = verify

    def log_message(self, format, *args):
        print(self.command, self.path, format % args, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    ThreadingHTTPServer(("127.0.0.1", parser.parse_args().port), Verifier).serve_forever()


if __name__ == "__main__":
    main()
