package provider

// jobDescriptions are the descriptions of sparkplane_job's attributes, shared by the resource and the data
// source (they feed the generated docs).
var jobDescriptions = map[string]string{
	"id":          "The job's id, a UUID; the import id.",
	"workspace":   "The workspace the job and its runs belong to. Default `default`. Changing it replaces the job.",
	"name":        "The job's name, 1 to 128 characters, unique among the workspace's jobs.",
	"description": "What the job is for, at most 1000 characters.",
	"run_name": "The name of each run, 1 to 200 characters; may use `{{parameter}}` placeholders. Unset: runs are " +
		"named for the job.",
	"python_file": "The PySpark application to run: an artifact's `ref`, an object store URI (`s3://`, `gs://`, `abfss://`, " +
		"`wasbs://`) or an `https://` URL. Exactly one of `python_file` and `jar`.",
	"jar":        "The JVM Spark application's jar, named like `python_file`; needs `main_class`.",
	"main_class": "The fully qualified main class of `jar`, such as `org.apache.spark.examples.SparkPi`.",
	"args": "Arguments passed to the application, at most 1000; each may use `{{parameter}}` placeholders, and " +
		"`{{sparkplane.fireTime}}` (the fire time, ISO-8601) and `{{sparkplane.fireDate}}` (its date in the schedule's time zone).",
	"py_files": "Python files, zips or eggs put on the Python path (artifact refs or URIs), at most 100.",
	"jars":     "Jars put on the driver's and executors' class paths, at most 100.",
	"files":    "Files placed in the working directory of the driver and each executor, at most 100.",
	"archives": "Archives (.zip, .tar.gz, .tgz, .jar) unpacked into the working directory of the driver and each executor, " +
		"at most 100; `...#alias` names the directory.",
	"spark_conf": "Spark configuration, name (`spark.*`) to value; values may use `{{parameter}}` placeholders. " +
		"`spark.master`, `spark.submit.deployMode`, `spark.app.name`, `spark.executor.cores`, `spark.executor.memory`, " +
		"`spark.executor.instances`, `spark.dynamicAllocation.enabled` and `spark.decommission.enabled` are set through " +
		"the other attributes and rejected here. A value whose name looks like a secret's is shown as `***` by the API; " +
		"the state keeps the configured value.",
	"backend": "The engine profile the runs go to, such as `local` or `kubernetes`. Unset: the workspace's default " +
		"engine profile, else the control plane's.",
	"driver":          "The driver's cores and memory. Unset fields: 1 core, `1g`.",
	"executor":        "Each executor's cores and memory (one executor per worker of the run's engine cluster). Unset fields: 1 core, `1g`.",
	"cores":           "CPU cores, 1 to 64. Unset: 1.",
	"memory":          "Memory in Spark's notation, a whole number of mebibytes (`m`) or gibibytes (`g`) from 256m to 512g. Unset: `1g`.",
	"autoscaling":     "How many executors each run has over time.",
	"policy":          "`backlog` (Sparkplane's: drain the visible backlog in about 20 s), `dynamic-allocation` (Spark's rules) or `static` (always `max_executors`). Unset: `backlog`.",
	"min_executors":   "Fewest executors the autoscaler keeps, 0 to 1000. Unset: 1.",
	"max_executors":   "Most executors the autoscaler starts, 1 to 1000, at least `min_executors` and within what the backend gives one run. Unset: 2.",
	"timeout_seconds": "Maximum seconds an attempt may take from the start of its provisioning, 1 to 604800 (7 days). Unset: none.",
	"max_retries":     "How many times a failed attempt is retried, 0 to 10. Unset: 0.",
	"run_labels":      "Labels each run carries (to find runs by), at most 32; values may use `{{parameter}}` placeholders.",
	"parameter": "A parameter the template names as `{{name}}`, given at run time (by a schedule's `parameters` or a " +
		"run of the job); in order.",
	"parameter.name":        "The parameter's name: a letter or `_`, then up to 63 letters, digits and `_`.",
	"parameter.default":     "Its value when a run gives none. Unset: every run must give one.",
	"parameter.description": "What the parameter means.",
	"max_concurrent_runs":   "How many runs of the job may be going at once, 1 to 1000. Default 1.",
	"concurrency_policy": "What a new run does when `max_concurrent_runs` are going: `QUEUE` (waits), `SKIP` (is not made) " +
		"or `CANCEL_OLDEST` (the oldest going run is cancelled). Default `QUEUE`.",
	"labels":     "Labels of the job itself, at most 32.",
	"version":    "The job's current version number, from 1; each change of its definition makes a new version.",
	"created_at": "When the job was created (RFC 3339).",
	"updated_at": "When the job was last changed (RFC 3339).",
}
