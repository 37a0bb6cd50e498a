package io.sparkplane.controlplane.job;

import java.util.Map;

/**
 * The body of {@code POST /api/v1/jobs/{id}/runs}; every field may be absent.
 *
 * @param version    the job's version to run; absent: the current one
 * @param parameters values of the job's parameters; one left out takes its default
 */
public record JobRunRequest(Integer version, Map<String, String> parameters) {}
