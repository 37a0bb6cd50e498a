package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// TestAccWarmPool: sparkplane_warm_pool created with size 0 (it keeps no cluster, so the test starts none) and its
// defaults, unchanged on a second plan (an idle TTL the API spells otherwise, P1D as PT24H, and memory in upper case
// stay as configured), changed in place, refused for a bad value, imported, deleted behind Terraform's back (the
// plan creates it again), renamed (replaced) and destroyed.
func TestAccWarmPool(t *testing.T) {
	name := testID("tf-pool")
	config := func(poolName, body string) string {
		return requiredProviders + fmt.Sprintf(`
resource "sparkplane_warm_pool" "test" {
  name      = %q
  workspace = "default"
  profile   = "local"
  size      = 0
%s
}
`, poolName, body)
	}
	pool := "sparkplane_warm_pool.test"
	changed := config(name, `
  idle_ttl        = "P1D"
  workers         = 2
  executor_memory = "2G"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkWarmPoolsGone,
		Steps: []resource.TestStep{
			{
				Config: config(name, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pool, tfjsonpath.New("source"), knownvalue.StringExact("api")),
					statecheck.ExpectKnownValue(pool, tfjsonpath.New("idle_ttl"), knownvalue.StringExact("PT30M")),
					statecheck.ExpectKnownValue(pool, tfjsonpath.New("workers"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(pool, tfjsonpath.New("executor_memory"), knownvalue.StringExact("1g")),
					statecheck.ExpectKnownValue(pool, tfjsonpath.New("driver_cores"), knownvalue.Int64Exact(1)),
				},
			},
			{
				// in place; P1D and 2G are kept as written, though the API answers PT24H and 2g
				Config: changed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(pool, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pool, tfjsonpath.New("idle_ttl"), knownvalue.StringExact("P1D")),
					statecheck.ExpectKnownValue(pool, tfjsonpath.New("workers"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(pool, tfjsonpath.New("executor_memory"), knownvalue.StringExact("2G")),
				},
			},
			{
				Config:   changed,
				PlanOnly: true,
			},
			{
				// an idle TTL under a minute: the API refuses it, naming the field
				Config:      config(name, `  idle_ttl = "PT1S"`),
				ExpectError: regexp.MustCompile(`(?s)idleTtl`),
			},
			{
				ResourceName:                         pool,
				ImportState:                          true,
				ImportStateId:                        name,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "name",
				// the API spells them its own way; an import cannot know how the configuration did
				ImportStateVerifyIgnore: []string{"idle_ttl", "executor_memory"},
			},
			{
				// deleted outside Terraform: the refresh forgets it and the plan creates it again
				PreConfig: func() {
					if err := testClient(t).DeleteWarmPool(testContext(t), name); err != nil {
						t.Fatal(err)
					}
				},
				Config: changed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(pool, plancheck.ResourceActionCreate),
				}},
			},
			{
				// another name replaces the pool
				Config: config(name+"-b", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(pool, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pool, tfjsonpath.New("name"), knownvalue.StringExact(name+"-b")),
				},
			},
		},
	})
}

// checkWarmPoolsGone: after destroy, no warm pool of the test's state is there.
func checkWarmPoolsGone(state *terraform.State) error {
	api, err := client.New(os.Getenv(EnvHost), os.Getenv(EnvToken), "tests")
	if err != nil {
		return err
	}
	for _, resource := range state.RootModule().Resources {
		if resource.Type != "sparkplane_warm_pool" {
			continue
		}
		name := resource.Primary.Attributes["name"]
		if _, err := api.GetWarmPool(context.Background(), name); !client.IsNotFound(err) {
			return fmt.Errorf("warm pool %s is still there after destroy (%v)", name, err)
		}
	}
	return nil
}
