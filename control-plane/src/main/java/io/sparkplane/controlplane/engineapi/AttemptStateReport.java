package io.sparkplane.controlplane.engineapi;

import io.sparkplane.spi.engine.AttemptFailure;

/** What a launcher reports: RUNNING, or how the attempt ended. */
public record AttemptStateReport(String state, AttemptFailure failure, String message, Integer exitCode) {}
