package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// TestAccAPIToken: sparkplane_api_token created (its secret works), unchanged on a second plan, replaced on a
// change (the API cannot change a token: a new token and secret), imported (without its secret), revoked
// behind Terraform's back (the plan creates a new one), destroyed (revoked).
func TestAccAPIToken(t *testing.T) {
	workspace := testID("tf-token")
	config := func(description string) string {
		return requiredProviders + fmt.Sprintf(`
resource "sparkplane_workspace" "test" {
  id = %[1]q
}

resource "sparkplane_api_token" "test" {
  name               = "terraform test %[1]s"
  role               = "editor"
  workspaces         = [sparkplane_workspace.test.id]
  expires_in_seconds = 3600
  description        = %[2]q
}
`, workspace, description)
	}
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkTokensGone,
		Steps: []resource.TestStep{
			{
				Config: config("first"),
				Check: resource.ComposeTestCheckFunc(
					checkTokenSecretWorks("sparkplane_api_token.test"),
					func(state *terraform.State) error {
						firstID = state.RootModule().Resources["sparkplane_api_token.test"].Primary.ID
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sparkplane_api_token.test", tfjsonpath.New("prefix"), knownvalue.StringRegexp(prefixPattern)),
					statecheck.ExpectKnownValue("sparkplane_api_token.test", tfjsonpath.New("expires_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("sparkplane_api_token.test", tfjsonpath.New("workspaces"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(workspace)})),
				},
			},
			{
				Config: config("second"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sparkplane_api_token.test", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkTokenSecretWorks("sparkplane_api_token.test"),
					func(state *terraform.State) error {
						if state.RootModule().Resources["sparkplane_api_token.test"].Primary.ID == firstID {
							return fmt.Errorf("the token was not replaced")
						}
						_, err := testClient(t).GetToken(testContext(t), firstID)
						if !client.IsNotFound(err) {
							return fmt.Errorf("the replaced token %s was not revoked (%v)", firstID, err)
						}
						return nil
					},
				),
			},
			{
				ResourceName:            "sparkplane_api_token.test",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret"},
			},
			{
				// revoked outside Terraform: the plan makes a new token
				PreConfig: func() {
					id := tokenIDs(t)["terraform test "+workspace]
					if err := testClient(t).RevokeToken(testContext(t), id); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("second"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sparkplane_api_token.test", plancheck.ResourceActionCreate),
				}},
				Check: checkTokenSecretWorks("sparkplane_api_token.test"),
			},
		},
	})
}

var prefixPattern = mustRegexp(`^spk_.{8}$`)

// checkTokenSecretWorks calls GET /api/v1/identity with the token's secret: it must name the token.
func checkTokenSecretWorks(name string) resource.TestCheckFunc {
	return func(state *terraform.State) error {
		token := state.RootModule().Resources[name].Primary
		request, err := http.NewRequest(http.MethodGet, os.Getenv(EnvHost)+"/api/v1/identity", nil)
		if err != nil {
			return err
		}
		request.Header.Set("Authorization", "Bearer "+token.Attributes["secret"])
		response, err := http.DefaultClient.Do(request)
		if err != nil {
			return err
		}
		defer response.Body.Close()
		var identity struct {
			TokenID string `json:"tokenId"`
		}
		if err := json.NewDecoder(response.Body).Decode(&identity); err != nil || response.StatusCode != http.StatusOK {
			return fmt.Errorf("the secret of %s does not authenticate: %d %v", name, response.StatusCode, err)
		}
		if identity.TokenID != token.ID {
			return fmt.Errorf("the secret of %s authenticates as token %s", name, identity.TokenID)
		}
		return nil
	}
}

// tokenIDs are the ids of the live tokens, by name (the test's names are its own).
func tokenIDs(t *testing.T) map[string]string {
	t.Helper()
	var page struct {
		Items []client.Token `json:"items"`
	}
	request, _ := http.NewRequest(http.MethodGet, os.Getenv(EnvHost)+"/api/v1/tokens", nil)
	request.Header.Set("Authorization", "Bearer "+os.Getenv(EnvToken))
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	if err := json.NewDecoder(response.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, token := range page.Items {
		ids[token.Name] = token.ID
	}
	return ids
}

// checkTokensGone: after destroy, no token of the test is live.
func checkTokensGone(state *terraform.State) error {
	api, err := client.New(os.Getenv(EnvHost), os.Getenv(EnvToken), "tests")
	if err != nil {
		return err
	}
	for _, resource := range state.RootModule().Resources {
		if resource.Type != "sparkplane_api_token" {
			continue
		}
		if _, err := api.GetToken(context.Background(), resource.Primary.ID); !client.IsNotFound(err) {
			return fmt.Errorf("token %s is still live after destroy (%v)", resource.Primary.ID, err)
		}
	}
	return nil
}
