package io.sparkplane.controlplane.cluster;

/** How a workspace's executors quota bounds one run's growth. Pure. */
public final class ExecutorsQuota {

    private ExecutorsQuota() {}

    /**
     * @param quota   the workspace's maximum executors over its going runs
     * @param others  what its other going runs have now
     * @param current what this run has now; a quota lowered below it shrinks nothing, it only stops growth
     * @param wanted  what the policy asks for
     */
    public static int allowedWorkers(int quota, int others, int current, int wanted) {
        return Math.max(current, Math.min(wanted, quota - others));
    }
}
