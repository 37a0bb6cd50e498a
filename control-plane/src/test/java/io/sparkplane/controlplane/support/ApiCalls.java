package io.sparkplane.controlplane.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Calls of the API that the jobs and schedules tests share, each answer checked against the contract. */
public final class ApiCalls {

    private ApiCalls() {}

    public static Response call(String method, String path, String json) {
        var request = given();
        if (json != null) {
            request = request.contentType(ContentType.JSON).body(json);
        }
        return CheckedResponses.checked(method, path, request.request(method, path));
    }

    /** A job of the default workspace with parameters {@code day} (required) and {@code parts} (default 8), and {@code extra} fields. */
    public static String job(String name, String extra) {
        return """
                {"name": "%s", "template": {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"}, "args": ["--day", "{{day}}"],
                  "sparkConf": {"spark.sql.shuffle.partitions": "{{parts}}", "spark.hadoop.fs.s3a.secret.key": "s3cr3t"}},
                 "parameters": [{"name": "day"}, {"name": "parts", "default": "8", "description": "shuffle partitions"}]%s}
                """.formatted(name, extra);
    }

    /** Saves {@link #job}; its id. */
    public static String createJob(String name, String extra) {
        Response created = call("POST", "/api/v1/jobs", job(name, extra));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.jsonPath().getString("id");
    }
}
