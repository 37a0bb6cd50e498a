package io.sparkplane.controlplane.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A parameter of a job: what a run of it may set, named in its run template as {@code {{name}}}.
 *
 * @param defaultValue the value when a run gives none; absent: every run must give one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobParameter(String name, @JsonProperty("default") String defaultValue, String description) {}
