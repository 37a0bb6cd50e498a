package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// TestAccEngineProfile: sparkplane_engine_profile created (a `local` one with its own max-concurrent-runs),
// unchanged on a second plan, its settings changed in place, imported (and the configuration's `local` refused),
// deleted behind Terraform's back (the plan creates it again), its type changed (replaced), destroyed; the
// sparkplane_engine_profile data source on it and on `local`. A `kubernetes` profile can be made without a
// cluster: its backend starts on its first run, and the test starts none.
func TestAccEngineProfile(t *testing.T) {
	name := testID("tf-profile")
	config := func(body string) string {
		return requiredProviders + fmt.Sprintf(`
resource "sparkplane_engine_profile" "test" {
  name = %q
%s
}

data "sparkplane_engine_profile" "test" {
  name = sparkplane_engine_profile.test.name
}

data "sparkplane_engine_profile" "local" {
  name = "local"
}
`, name, body)
	}
	updated := config(`
  type = "local"
  settings = {
    max-concurrent-runs   = "3"
    max-executors-per-run = "4"
  }`)
	profile := "sparkplane_engine_profile.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkEngineProfilesGone,
		Steps: []resource.TestStep{
			{
				Config: config(`
  type        = "local"
  description = "made by the provider's acceptance test"
  settings = {
    max-concurrent-runs = "1"
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectSensitiveValue(profile, tfjsonpath.New("settings")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profile, tfjsonpath.New("source"), knownvalue.StringExact("api")),
					statecheck.ExpectKnownValue(profile, tfjsonpath.New("limits").AtMapKey("max_concurrent_runs"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(profile, tfjsonpath.New("limits").AtMapKey("max_executors_per_run"), knownvalue.Int64Exact(8)),
					statecheck.ExpectKnownValue(profile, tfjsonpath.New("error"), knownvalue.Null()),
					statecheck.ExpectKnownValue(profile, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.sparkplane_engine_profile.test", tfjsonpath.New("settings").AtMapKey("max-concurrent-runs"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue("data.sparkplane_engine_profile.local", tfjsonpath.New("source"), knownvalue.StringExact("configuration")),
					statecheck.ExpectKnownValue("data.sparkplane_engine_profile.local", tfjsonpath.New("type"), knownvalue.StringExact("local")),
					statecheck.ExpectKnownValue("data.sparkplane_engine_profile.local", tfjsonpath.New("limits"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.sparkplane_engine_profile.local", tfjsonpath.New("created_at"), knownvalue.Null()),
				},
			},
			{
				// in place: other settings (the limits follow them), the description removed
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(profile, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profile, tfjsonpath.New("limits").AtMapKey("max_concurrent_runs"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(profile, tfjsonpath.New("limits").AtMapKey("max_executors_per_run"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(profile, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.sparkplane_engine_profile.test", tfjsonpath.New("limits").AtMapKey("max_concurrent_runs"), knownvalue.Int64Exact(3)),
				},
			},
			{
				ResourceName:                         profile,
				ImportState:                          true,
				ImportStateId:                        name,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "name",
			},
			{
				// the configuration's profile: the API could neither change nor delete it
				ResourceName:  profile,
				ImportState:   true,
				ImportStateId: "local",
				ExpectError:   regexp.MustCompile(`(?s)Cannot import engine profile local.*configuration`),
			},
			{
				// deleted outside Terraform: the refresh forgets it and the plan creates it again
				PreConfig: func() {
					if err := testClient(t).DeleteEngineProfile(testContext(t), name); err != nil {
						t.Fatal(err)
					}
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(profile, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profile, tfjsonpath.New("limits").AtMapKey("max_concurrent_runs"), knownvalue.Int64Exact(3)),
				},
			},
			{
				// another type replaces the profile
				Config: config(`
  type = "kubernetes"
  settings = {
    image = "registry.example.com/sparkplane/engine:0.1.0"
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(profile, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profile, tfjsonpath.New("type"), knownvalue.StringExact("kubernetes")),
					statecheck.ExpectKnownValue("data.sparkplane_engine_profile.test", tfjsonpath.New("type"), knownvalue.StringExact("kubernetes")),
				},
			},
		},
	})
}

// checkEngineProfilesGone: after destroy, no engine profile of the test's state is there.
func checkEngineProfilesGone(state *terraform.State) error {
	api, err := client.New(os.Getenv(EnvHost), os.Getenv(EnvToken), "tests")
	if err != nil {
		return err
	}
	for address, resource := range state.RootModule().Resources {
		// the data sources of that type read profiles the test does not own (local)
		if resource.Type != "sparkplane_engine_profile" || strings.HasPrefix(address, "data.") {
			continue
		}
		name := resource.Primary.Attributes["name"]
		if _, err := api.GetEngineProfile(context.Background(), name); !client.IsNotFound(err) {
			return fmt.Errorf("engine profile %s is still there after destroy (%v)", name, err)
		}
	}
	return nil
}
