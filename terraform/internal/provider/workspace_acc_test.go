package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// testID is a fresh id for the objects of one test: the tests run in parallel, and may run against a control
// plane that outlives them (where a deleted workspace's id is taken by its history: it can be used again only
// with the same staging location, store profile and schemes).
func testID(prefix string) string {
	return prefix + "-" + acctest.RandStringFromCharSet(8, acctest.CharSetAlpha)
}

// TestAccWorkspace: sparkplane_workspace created, unchanged on a second plan, changed in place (name, quotas
// set and cleared), imported, deleted behind Terraform's back (the plan creates it again under the same id, which
// the control plane allows with the same staging location, store profile and schemes), replaced by a change of
// its schemes (which it refuses for the id of a deleted workspace), destroyed; and the sparkplane_workspace data
// source.
func TestAccWorkspace(t *testing.T) {
	id := testID("tf-ws")
	config := func(body string) string {
		return requiredProviders + fmt.Sprintf(`
resource "sparkplane_workspace" "test" {
  id = %q
%s
}

data "sparkplane_workspace" "test" {
  id = sparkplane_workspace.test.id
}
`, id, body)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkWorkspaceGone(id),
		Steps: []resource.TestStep{
			{
				Config: config(`
  display_name = "Terraform test"
  quotas = {
    max_active_runs = 3
  }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sparkplane_workspace.test", tfjsonpath.New("quotas").AtMapKey("max_active_runs"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue("sparkplane_workspace.test", tfjsonpath.New("quotas").AtMapKey("max_queued_runs"), knownvalue.Null()),
					statecheck.ExpectKnownValue("sparkplane_workspace.test", tfjsonpath.New("store_profile"), knownvalue.StringExact("default")),
					statecheck.ExpectKnownValue("sparkplane_workspace.test", tfjsonpath.New("created_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.sparkplane_workspace.test", tfjsonpath.New("display_name"), knownvalue.StringExact("Terraform test")),
					statecheck.ExpectKnownValue("data.sparkplane_workspace.test", tfjsonpath.New("usage").AtMapKey("queued_runs"), knownvalue.Int64Exact(0)),
				},
			},
			{
				// in place: a new name, another quota, one cleared
				Config: config(`
  display_name    = "Terraform test, renamed"
  default_backend = "local"
  quotas = {
    max_queued_runs = 50
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sparkplane_workspace.test", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sparkplane_workspace.test", tfjsonpath.New("quotas").AtMapKey("max_active_runs"), knownvalue.Null()),
					statecheck.ExpectKnownValue("sparkplane_workspace.test", tfjsonpath.New("quotas").AtMapKey("max_queued_runs"), knownvalue.Int64Exact(50)),
					statecheck.ExpectKnownValue("data.sparkplane_workspace.test", tfjsonpath.New("default_backend"), knownvalue.StringExact("local")),
				},
			},
			{
				// no quotas at all: the patch clears them
				Config: config(`
  display_name = "Terraform test, renamed"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sparkplane_workspace.test", tfjsonpath.New("quotas"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.sparkplane_workspace.test", tfjsonpath.New("quotas").AtMapKey("max_queued_runs"), knownvalue.Null()),
				},
			},
			{
				ResourceName:      "sparkplane_workspace.test",
				ImportState:       true,
				ImportStateId:     id,
				ImportStateVerify: true,
			},
			{
				// deleted outside Terraform: the refresh forgets it and the plan creates it again, under the same id
				// and with the same staging location, store profile and schemes, which the control plane allows
				PreConfig: func() {
					if err := testClient(t).DeleteWorkspace(testContext(t), id); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(`
  display_name = "Terraform test, renamed"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sparkplane_workspace.test", plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sparkplane_workspace.test", tfjsonpath.New("display_name"), knownvalue.StringExact("Terraform test, renamed")),
				},
			},
			{
				// other schemes replace it: the old workspace is deleted, and its id is refused with other schemes
				Config: config(`
  display_name    = "Terraform test, renamed"
  allowed_schemes = ["s3"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sparkplane_workspace.test", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ExpectError: regexp.MustCompile(`(?s)Could not create workspace.*answered 409.*was deleted`),
			},
		},
	})
}

func checkWorkspaceGone(id string) resource.TestCheckFunc {
	return func(_ *terraform.State) error {
		api, err := client.New(os.Getenv(EnvHost), os.Getenv(EnvToken), "tests")
		if err != nil {
			return err
		}
		_, err = api.GetWorkspace(context.Background(), id)
		if client.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("workspace %s is still there after destroy (%v)", id, err)
	}
}
