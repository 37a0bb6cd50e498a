package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// TestAccJobAndSchedule: sparkplane_job and sparkplane_schedule created, unchanged on a second plan, changed in
// place (a new job version; the schedule from a paused cron to an interval), imported, the job deleted behind
// Terraform's back (its schedule goes with it: the plan creates both again), destroyed; the sparkplane_job data
// source by id and by name, and sparkplane_run on a run of the job. The workspace's max_active_runs quota is 0,
// so the one run the test starts stays QUEUED: no Spark runs.
func TestAccJobAndSchedule(t *testing.T) {
	workspace := testID("tf-job")
	file := filepath.Join(t.TempDir(), "nightly.py")
	if err := os.WriteFile(file, []byte("import sys\nprint(sys.argv)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := requiredProviders + fmt.Sprintf(`
resource "sparkplane_workspace" "test" {
  id = %q
  quotas = {
    max_active_runs = 0
  }
}

resource "sparkplane_artifact" "code" {
  workspace = sparkplane_workspace.test.id
  source    = %q
}
`, workspace, file)
	first := base + `
resource "sparkplane_job" "test" {
  workspace   = sparkplane_workspace.test.id
  name        = "nightly"
  description = "made by the provider's acceptance test"
  python_file = sparkplane_artifact.code.ref
  args        = ["{{input}}", "out/{{date}}"]
  spark_conf = {
    "spark.sql.shuffle.partitions"  = "4"
    "spark.hadoop.fs.s3a.secret.key" = "not-a-real-secret"
  }
  driver      = { memory = "512m" }
  executor    = { cores = 1, memory = "1g" }
  autoscaling = { policy = "static", max_executors = 2 }
  timeout_seconds = 600
  max_retries     = 1
  run_labels      = { team = "analytics" }
  labels          = { owner = "terraform" }

  parameter {
    name        = "input"
    default     = "data/sales.csv"
    description = "what to read"
  }
  parameter {
    name    = "date"
    default = "2026-01-01"
  }
}

resource "sparkplane_schedule" "test" {
  job_id     = sparkplane_job.test.id
  cron       = "30 2 * * *"
  time_zone  = "Europe/Berlin"
  paused     = true
  parameters = { date = "2026-12-01" }
}
`
	second := base + `
resource "sparkplane_job" "test" {
  workspace   = sparkplane_workspace.test.id
  name        = "nightly"
  python_file = sparkplane_artifact.code.ref
  args        = ["{{input}}", "out/{{date}}", "--verbose"]
  spark_conf = {
    "spark.sql.shuffle.partitions"  = "8"
    "spark.hadoop.fs.s3a.secret.key" = "not-a-real-secret"
  }
  executor            = { cores = 2 }
  max_concurrent_runs = 2
  concurrency_policy  = "SKIP"
  run_labels          = { team = "analytics" }

  parameter {
    name    = "input"
    default = "data/sales.csv"
  }
  parameter {
    name = "date"
  }
}

resource "sparkplane_schedule" "test" {
  job_id     = sparkplane_job.test.id
  interval   = "PT12H"
  catch_up   = "NONE"
  parameters = { date = "2026-12-01" }
}

data "sparkplane_job" "by_id" {
  id = sparkplane_job.test.id
}

data "sparkplane_job" "by_name" {
  workspace  = sparkplane_workspace.test.id
  name       = "nightly"
  depends_on = [sparkplane_job.test]
}
`
	withRun := second + `
variable "job_run_id" {
  type = string
}

data "sparkplane_run" "test" {
  id = var.job_run_id
}
`
	// the schedule back on a cron expression, with the time zone and catch-up limit left to their defaults
	third := strings.Replace(second, `  interval   = "PT12H"
  catch_up   = "NONE"`, `  cron       = "@daily"
  catch_up   = "ALL"
  paused     = true`, 1)
	job, schedule := "sparkplane_job.test", "sparkplane_schedule.test"
	var runID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkJobsGone,
		Steps: []resource.TestStep{
			{
				Config: first,
				// the attributes that may hold secrets are hidden in the plan
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectSensitiveValue(job, tfjsonpath.New("spark_conf")),
					plancheck.ExpectSensitiveValue(job, tfjsonpath.New("parameter").AtSliceIndex(0).AtMapKey("default")),
					plancheck.ExpectSensitiveValue(schedule, tfjsonpath.New("parameters")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(job, tfjsonpath.New("version"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(job, tfjsonpath.New("max_concurrent_runs"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(job, tfjsonpath.New("concurrency_policy"), knownvalue.StringExact("QUEUE")),
					statecheck.ExpectKnownValue(job, tfjsonpath.New("spark_conf").AtMapKey("spark.hadoop.fs.s3a.secret.key"), knownvalue.StringExact("not-a-real-secret")),
					statecheck.ExpectKnownValue(schedule, tfjsonpath.New("workspace"), knownvalue.StringExact(workspace)),
					statecheck.ExpectKnownValue(schedule, tfjsonpath.New("catch_up"), knownvalue.StringExact("LAST")),
					statecheck.ExpectKnownValue(schedule, tfjsonpath.New("max_catch_up_runs"), knownvalue.Null()),
					statecheck.ExpectKnownValue(schedule, tfjsonpath.New("next_fire_times"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				// in place: a new version of the job, the schedule from a paused cron to an active interval
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(job, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(schedule, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(schedule, tfjsonpath.New("time_zone"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(job, tfjsonpath.New("version"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(job, tfjsonpath.New("driver"), knownvalue.Null()),
					statecheck.ExpectKnownValue(schedule, tfjsonpath.New("start_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(schedule, tfjsonpath.New("next_fire_times"), knownvalue.ListSizeExact(5)),
					statecheck.ExpectKnownValue("data.sparkplane_job.by_name", tfjsonpath.New("args"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue("data.sparkplane_job.by_name", tfjsonpath.New("version"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("data.sparkplane_job.by_id", tfjsonpath.New("executor").AtMapKey("cores"), knownvalue.Int64Exact(2)),
					statecheck.CompareValuePairs("data.sparkplane_job.by_id", tfjsonpath.New("python_file"), "sparkplane_artifact.code", tfjsonpath.New("ref"), compare.ValuesSame()),
				},
			},
			{
				ResourceName:      job,
				ImportState:       true,
				ImportStateVerify: true,
				// the API shows a secret-looking Spark conf value as ***: an import cannot know it
				ImportStateVerifyIgnore: []string{"spark_conf.spark.hadoop.fs.s3a.secret.key"},
			},
			{
				ResourceName:      schedule,
				ImportState:       true,
				ImportStateVerify: true,
				// the next fire times move on with the clock
				ImportStateVerifyIgnore: []string{"next_fire_times"},
			},
			{
				// a run of the job, read by the sparkplane_run data source
				PreConfig: func() {
					run, err := testClient(t).StartJob(testContext(t), jobIDOf(t, workspace), client.StartJobRequest{Parameters: map[string]string{"date": "2026-12-07"}})
					if err != nil {
						t.Fatal(err)
					}
					runID = run.ID
					os.Setenv("TF_VAR_job_run_id", runID)
				},
				Config: withRun,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr("data.sparkplane_run.test", "id", &runID),
					resource.TestCheckResourceAttr("data.sparkplane_run.test", "state", "QUEUED"),
					resource.TestCheckResourceAttr("data.sparkplane_run.test", "workspace", workspace),
					resource.TestCheckResourceAttr("data.sparkplane_run.test", "job_version", "2"),
					resource.TestCheckResourceAttrPair("data.sparkplane_run.test", "job_id", job, "id"),
					resource.TestCheckResourceAttr("data.sparkplane_run.test", "args.1", "out/2026-12-07"),
					resource.TestCheckResourceAttr("data.sparkplane_run.test", "labels.team", "analytics"),
				),
			},
			{
				// the job deleted behind Terraform's back (its run cancelled first; its schedule goes with it)
				PreConfig: func() {
					cancelAndAwait(t, runID)
					if err := testClient(t).DeleteJob(testContext(t), jobIDOf(t, workspace)); err != nil {
						t.Fatal(err)
					}
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(job, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(schedule, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(job, tfjsonpath.New("version"), knownvalue.Int64Exact(1)),
				},
			},
			{
				// the contract's defaults: time_zone UTC for a cron schedule, 10 catch-up runs with ALL, no start
				Config: third,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(schedule, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(schedule, tfjsonpath.New("time_zone"), knownvalue.StringExact("UTC")),
					statecheck.ExpectKnownValue(schedule, tfjsonpath.New("max_catch_up_runs"), knownvalue.Int64Exact(10)),
					statecheck.ExpectKnownValue(schedule, tfjsonpath.New("start_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(schedule, tfjsonpath.New("next_fire_times"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

// jobIDOf is the id of the test's job, looked up by name as a user outside Terraform would.
func jobIDOf(t *testing.T, workspace string) string {
	t.Helper()
	found, err := testClient(t).FindJob(testContext(t), workspace, "nightly")
	if err != nil || found == nil {
		t.Fatalf("no job nightly in %s: %v", workspace, err)
	}
	return found.ID
}

// cancelAndAwait cancels a run and waits until it has ended (a job with a live run cannot be deleted).
func cancelAndAwait(t *testing.T, runID string) {
	t.Helper()
	api := testClient(t)
	if err := api.CancelRun(testContext(t), runID); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		run, err := api.GetRun(testContext(t), runID)
		if err != nil {
			t.Fatal(err)
		}
		if run.EndedAt != nil {
			return
		}
	}
	t.Fatalf("run %s did not end within a minute of its cancel", runID)
}

// checkJobsGone: after destroy, neither the test's job nor its schedule is there.
func checkJobsGone(state *terraform.State) error {
	api, err := client.New(os.Getenv(EnvHost), os.Getenv(EnvToken), "tests")
	if err != nil {
		return err
	}
	for _, resource := range state.RootModule().Resources {
		switch resource.Type {
		case "sparkplane_job":
			_, err = api.GetJob(context.Background(), resource.Primary.ID)
		case "sparkplane_schedule":
			_, err = api.GetSchedule(context.Background(), resource.Primary.ID)
		default:
			continue
		}
		if !client.IsNotFound(err) {
			return fmt.Errorf("%s %s is still there after destroy (%v)", resource.Type, resource.Primary.ID, err)
		}
	}
	return nil
}
