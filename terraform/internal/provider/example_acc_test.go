package provider

import (
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccExample applies examples/terraform as it is in the repository (with a fresh workspace id and engine
// profile name), checks that a second plan is empty, and destroys it.
func TestAccExample(t *testing.T) {
	root, err := repositoryRoot()
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		CheckDestroy: resource.ComposeTestCheckFunc(checkJobsGone, checkEngineProfilesGone),
		Steps: []resource.TestStep{
			{
				// the example has its own provider block: the in-process provider is given at the step
				ProtoV6ProviderFactories: testProviders,
				// the directory is copied to a working directory: the examples' files are named by absolute path
				ConfigDirectory: config.StaticDirectory(filepath.Join(root, "examples", "terraform")),
				ConfigVariables: config.Variables{
					"workspace_id":   config.StringVariable(testID("tf-example")),
					"engine_profile": config.StringVariable(testID("tf-example")),
					"examples_dir":   config.StringVariable(filepath.Join(root, "examples")),
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sparkplane_job.sales_by_region", tfjsonpath.New("version"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("sparkplane_schedule.nightly", tfjsonpath.New("paused"), knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("ci_token", knownvalue.StringRegexp(mustRegexp(`^spk_`))),
					statecheck.ExpectKnownValue("sparkplane_engine_profile.analytics", tfjsonpath.New("limits").AtMapKey("max_concurrent_runs"), knownvalue.Int64Exact(1)),
					statecheck.CompareValuePairs("sparkplane_workspace.analytics", tfjsonpath.New("default_backend"),
						"sparkplane_engine_profile.analytics", tfjsonpath.New("name"), compare.ValuesSame()),
				},
			},
		},
	})
}
