package provider

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestArtifactPlan: through the provider server, the plan of an artifact carries the file's hash, size, ref
// and id, and asks for a replacement when the file's content changed since the state was made.
func TestArtifactPlan(t *testing.T) {
	server := newServer(t)
	schema := schemas(t, server).ResourceSchemas["sparkplane_artifact"]
	objectType := schema.ValueType().(tftypes.Object)
	file := filepath.Join(t.TempDir(), "job.py")
	if err := os.WriteFile(file, []byte("print('first')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	config := value(t, schema, map[string]tftypes.Value{"source": str(file)})
	plan := func(prior *tfprotov6.DynamicValue, proposed *tfprotov6.DynamicValue) (*tfprotov6.PlanResourceChangeResponse, map[string]tftypes.Value) {
		t.Helper()
		response, err := server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
			TypeName: "sparkplane_artifact", PriorState: prior, ProposedNewState: proposed, Config: config,
		})
		if err != nil || len(response.Diagnostics) > 0 {
			t.Fatalf("PlanResourceChange: %v %v", err, response.Diagnostics)
		}
		planned, err := response.PlannedState.Unmarshal(objectType)
		if err != nil {
			t.Fatal(err)
		}
		var attributes map[string]tftypes.Value
		if err := planned.As(&attributes); err != nil {
			t.Fatal(err)
		}
		return response, attributes
	}
	nullState, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, nil))
	if err != nil {
		t.Fatal(err)
	}

	first := sha256Hex("print('first')\n")
	_, created := plan(&nullState, config)
	expect := map[string]tftypes.Value{
		"sha256":    str(first),
		"size":      tftypes.NewValue(tftypes.Number, 15),
		"name":      str("job.py"),
		"ref":       str("artifact:sha256:" + first + "/job.py"),
		"id":        str("default/" + first + "/job.py"),
		"workspace": str("default"),
		"uri":       tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	}
	for name, want := range expect {
		if !created[name].Equal(want) {
			t.Errorf("create: %s is %s, want %s", name, created[name], want)
		}
	}

	// the state after that create, then new content in the file
	stateValues := map[string]tftypes.Value{}
	for name, attribute := range created {
		stateValues[name] = attribute
	}
	stateValues["uri"] = str("file:///staging/artifacts/sha256/" + first)
	state := value(t, schema, stateValues)
	response, _ := plan(state, state)
	if len(response.RequiresReplace) != 0 {
		t.Errorf("unchanged file: replacement asked for %v", response.RequiresReplace)
	}
	if err := os.WriteFile(file, []byte("print('second')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	response, replaced := plan(state, state)
	if len(response.RequiresReplace) != 1 || response.RequiresReplace[0].String() != tftypes.NewAttributePath().WithAttributeName("sha256").String() {
		t.Errorf("changed file: replacement on %v, want sha256", response.RequiresReplace)
	}
	if second := sha256Hex("print('second')\n"); !replaced["ref"].Equal(str("artifact:sha256:" + second + "/job.py")) {
		t.Errorf("changed file: ref %s", replaced["ref"])
	}
}
