package io.sparkplane.testkit.azure;

import java.util.List;
import java.util.Map;

/**
 * The body of POST /batches as Livy binds it (org.apache.livy.server.batch.CreateBatchRequest):
 * these fields and no others, so an unknown one fails binding with Jackson's own message, as in
 * Livy. Named like Livy's class, which that message names.
 */
final class CreateBatchRequest {
    public String file;
    public String proxyUser;
    public List<String> args;
    public String className;
    public List<String> jars;
    public List<String> pyFiles;
    public List<String> files;
    public String driverMemory;
    public Integer driverCores;
    public String executorMemory;
    public Integer executorCores;
    public Integer numExecutors;
    public List<String> archives;
    public String queue;
    public String name;
    public Map<String, String> conf;
}
