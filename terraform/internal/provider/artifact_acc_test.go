package provider

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccArtifact: sparkplane_artifact uploaded, unchanged on a second plan, renamed in place, replaced when
// the file's content changes (the plan already shows the new sha256 and ref), imported, gone from staging
// behind Terraform's back (the plan uploads it again), destroyed (forgotten; the bytes stay).
func TestAccArtifact(t *testing.T) {
	workspace := testID("tf-artifact")
	file := filepath.Join(t.TempDir(), "job.py")
	write := func(content string) {
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	first, second := "print('first')\n", "print('second')\n"
	write(first)
	config := func(name string) string {
		attribute := ""
		if name != "" {
			attribute = fmt.Sprintf("name = %q", name)
		}
		return requiredProviders + fmt.Sprintf(`
resource "sparkplane_workspace" "test" {
  id = %q
}

resource "sparkplane_artifact" "test" {
  workspace = sparkplane_workspace.test.id
  source    = %q
  %s
}
`, workspace, file, attribute)
	}
	artifact := "sparkplane_artifact.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(artifact, tfjsonpath.New("ref"), knownvalue.StringExact("artifact:sha256:"+sha256Hex(first)+"/job.py")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(artifact, tfjsonpath.New("sha256"), knownvalue.StringExact(sha256Hex(first))),
					statecheck.ExpectKnownValue(artifact, tfjsonpath.New("size"), knownvalue.Int64Exact(int64(len(first)))),
					statecheck.ExpectKnownValue(artifact, tfjsonpath.New("name"), knownvalue.StringExact("job.py")),
					statecheck.ExpectKnownValue(artifact, tfjsonpath.New("uri"), knownvalue.StringRegexp(mustRegexp(`/artifacts/sha256/`+sha256Hex(first)+`$`))),
				},
			},
			{
				// a new name for the same bytes: uploaded again under it, in place
				Config: config("main.py"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(artifact, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(artifact, tfjsonpath.New("ref"), knownvalue.StringExact("artifact:sha256:"+sha256Hex(first)+"/main.py")),
				},
			},
			{
				// new content: a new artifact, its ref known in the plan
				PreConfig: func() { write(second) },
				Config:    config("main.py"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(artifact, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectKnownValue(artifact, tfjsonpath.New("sha256"), knownvalue.StringExact(sha256Hex(second))),
					plancheck.ExpectKnownValue(artifact, tfjsonpath.New("ref"), knownvalue.StringExact("artifact:sha256:"+sha256Hex(second)+"/main.py")),
				}},
			},
			{
				ResourceName:            artifact,
				ImportState:             true,
				ImportStateId:           workspace + "/" + sha256Hex(second) + "/main.py",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"source", "timeouts"},
			},
			{
				// the bytes removed from the workspace's staging behind Terraform's back: uploaded again
				PreConfig: func() { removeStagedArtifact(t, workspace, sha256Hex(second)) },
				Config:    config("main.py"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(artifact, plancheck.ResourceActionCreate),
				}},
				Check: func(*terraform.State) error {
					_, err := testClient(t).GetArtifact(testContext(t), workspace, sha256Hex(second))
					return err
				},
			},
		},
	})
}

// removeStagedArtifact deletes an artifact's bytes from a workspace's staging on this machine's disk (the
// API has no delete for artifacts; the tests' control plane stages to file://).
func removeStagedArtifact(t *testing.T, workspace, sha256 string) {
	t.Helper()
	artifact, err := testClient(t).GetArtifact(testContext(t), workspace, sha256)
	if err != nil {
		t.Fatal(err)
	}
	location, err := url.Parse(artifact.URI)
	if err != nil || location.Scheme != "file" {
		t.Fatalf("the tests remove staged bytes from file:// staging only, not %s", artifact.URI)
	}
	if err := os.Remove(location.Path); err != nil {
		t.Fatal(err)
	}
}
