package io.sparkplane.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** A successful answer: its status (201 created, 200 found), its JSON body (a missing node when empty) and headers. */
public record ApiResponse(int status, JsonNode body, HttpHeaders headers) {}
