package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Unit tests through the provider's protocol server (what Terraform talks to), with no CLI: schemas, the
// provider's configuration, validation, and how an API error reaches a diagnostic (against an httptest server
// that answers as the control plane does when it refuses).

func newServer(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	server, err := testProviders["sparkplane"]()
	if err != nil {
		t.Fatal(err)
	}
	return server
}

func schemas(t *testing.T, server tfprotov6.ProviderServer) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	response, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(response.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, response.Diagnostics)
	}
	return response
}

// value is a DynamicValue of an object type with the given attributes, every other attribute null.
func value(t *testing.T, schema *tfprotov6.Schema, attributes map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	objectType := schema.ValueType().(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, attributeType := range objectType.AttributeTypes {
		if given, ok := attributes[name]; ok {
			values[name] = given
		} else {
			values[name] = tftypes.NewValue(attributeType, nil)
		}
	}
	for name := range attributes {
		if _, ok := objectType.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %s", name)
		}
	}
	dynamic, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, values))
	if err != nil {
		t.Fatal(err)
	}
	return &dynamic
}

func str(text string) tftypes.Value { return tftypes.NewValue(tftypes.String, text) }

func TestEveryAttributeIsDescribed(t *testing.T) {
	response := schemas(t, newServer(t))
	all := map[string]*tfprotov6.Schema{"provider": response.Provider}
	for name, schema := range response.ResourceSchemas {
		all["resource "+name] = schema
	}
	for name, schema := range response.DataSourceSchemas {
		all["data source "+name] = schema
	}
	for _, want := range []string{"resource sparkplane_workspace", "resource sparkplane_api_token", "resource sparkplane_artifact",
		"resource sparkplane_job", "resource sparkplane_schedule", "resource sparkplane_engine_profile", "data source sparkplane_workspace",
		"data source sparkplane_job", "data source sparkplane_run", "data source sparkplane_engine_profile"} {
		if all[want] == nil {
			t.Errorf("no %s", want)
		}
	}
	for name, schema := range all {
		if schema.Block.Description == "" {
			t.Errorf("%s has no description", name)
		}
		checkDescribed(t, name, schema.Block)
	}
}

// TestSecretsAreSensitive: the attributes that may hold a secret are sensitive, so that plans and outputs do
// not show them (whole maps: the framework cannot mark single keys).
func TestSecretsAreSensitive(t *testing.T) {
	response := schemas(t, newServer(t))
	find := func(block *tfprotov6.SchemaBlock, names ...string) *tfprotov6.SchemaAttribute {
		for _, name := range names[:len(names)-1] {
			var next *tfprotov6.SchemaBlock
			for _, nested := range block.BlockTypes {
				if nested.TypeName == name {
					next = nested.Block
				}
			}
			for _, attribute := range block.Attributes {
				if attribute.Name == name && attribute.NestedType != nil {
					next = &tfprotov6.SchemaBlock{Attributes: attribute.NestedType.Attributes}
				}
			}
			if next == nil {
				return nil
			}
			block = next
		}
		for _, attribute := range block.Attributes {
			if attribute.Name == names[len(names)-1] {
				return attribute
			}
		}
		return nil
	}
	for _, c := range []struct {
		schema *tfprotov6.Schema
		where  string
		path   []string
	}{
		{response.ResourceSchemas["sparkplane_job"], "resource sparkplane_job", []string{"spark_conf"}},
		{response.ResourceSchemas["sparkplane_job"], "resource sparkplane_job", []string{"parameter", "default"}},
		{response.ResourceSchemas["sparkplane_schedule"], "resource sparkplane_schedule", []string{"parameters"}},
		{response.ResourceSchemas["sparkplane_engine_profile"], "resource sparkplane_engine_profile", []string{"settings"}},
		{response.ResourceSchemas["sparkplane_api_token"], "resource sparkplane_api_token", []string{"secret"}},
		{response.DataSourceSchemas["sparkplane_job"], "data source sparkplane_job", []string{"parameter", "default"}},
		{response.Provider, "provider", []string{"token"}},
	} {
		attribute := find(c.schema.Block, c.path...)
		if attribute == nil {
			t.Errorf("%s: no attribute %s", c.where, strings.Join(c.path, "."))
		} else if !attribute.Sensitive {
			t.Errorf("%s: %s is not sensitive", c.where, strings.Join(c.path, "."))
		}
	}
}

func checkDescribed(t *testing.T, where string, block *tfprotov6.SchemaBlock) {
	for _, attribute := range block.Attributes {
		if attribute.Description == "" {
			t.Errorf("%s: attribute %s has no description", where, attribute.Name)
		}
		if attribute.NestedType != nil {
			checkDescribed(t, where+"."+attribute.Name, &tfprotov6.SchemaBlock{Attributes: attribute.NestedType.Attributes})
		}
	}
	for _, nested := range block.BlockTypes {
		if nested.Block.Description == "" && nested.TypeName != "timeouts" {
			t.Errorf("%s: block %s has no description", where, nested.TypeName)
		}
		checkDescribed(t, where+"."+nested.TypeName, nested.Block)
	}
}

func configure(t *testing.T, server tfprotov6.ProviderServer, attributes map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	t.Helper()
	response, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		Config: value(t, schemas(t, server).Provider, attributes),
	})
	if err != nil {
		t.Fatal(err)
	}
	return response.Diagnostics
}

func TestConfigureNamesWhatIsMissing(t *testing.T) {
	t.Setenv(EnvHost, "")
	t.Setenv(EnvToken, "")
	cases := []struct {
		name       string
		attributes map[string]tftypes.Value
		env        map[string]string
		want       []string // attribute names of the error diagnostics
	}{
		{"nothing", nil, nil, []string{"host", "token"}},
		{"no token", map[string]tftypes.Value{"host": str("http://127.0.0.1:1")}, nil, []string{"token"}},
		{"from the environment", nil, map[string]string{EnvHost: "http://127.0.0.1:1", EnvToken: "spk_x"}, nil},
		{"not a URL", map[string]tftypes.Value{"host": str("127.0.0.1:8080"), "token": str("spk_x")}, nil, []string{"host"}},
		{"unknown", map[string]tftypes.Value{"host": tftypes.NewValue(tftypes.String, tftypes.UnknownValue), "token": str("spk_x")}, nil, []string{"host"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for name, value := range c.env {
				t.Setenv(name, value)
			}
			var got []string
			for _, diagnostic := range configure(t, newServer(t), c.attributes) {
				if diagnostic.Severity == tfprotov6.DiagnosticSeverityError {
					got = append(got, string(diagnostic.Attribute.Steps()[0].(tftypes.AttributeName)))
				}
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("errors on %v, want %v", got, c.want)
			}
		})
	}
}

// TestAPIErrorsNameTheirFields: a refusal of the control plane reaches the diagnostic with its status, detail
// and each invalid field's path.
func TestAPIErrorsNameTheirFields(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer spk_test" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"type":"urn:sparkplane:problem:invalid-request","title":"The request is invalid","status":400,
			"detail":"1 field is invalid: query:workspace: no workspace 'nope'","errors":[{"field":"query:workspace","message":"no workspace 'nope'"}]}`))
	}))
	defer api.Close()
	server := newServer(t)
	if diagnostics := configure(t, server, map[string]tftypes.Value{"host": str(api.URL), "token": str("spk_test")}); len(diagnostics) > 0 {
		t.Fatal(diagnostics)
	}
	response, err := server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: "sparkplane_workspace",
		Config:   value(t, schemas(t, server).DataSourceSchemas["sparkplane_workspace"], map[string]tftypes.Value{"id": str("nope")}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(response.Diagnostics) != 1 {
		t.Fatalf("diagnostics %v", response.Diagnostics)
	}
	diagnostic := response.Diagnostics[0]
	for _, want := range []string{"answered 400 (The request is invalid) to GET /api/v1/workspaces/nope", "  - query:workspace: no workspace 'nope'"} {
		if !strings.Contains(diagnostic.Detail, want) {
			t.Errorf("detail %q lacks %q", diagnostic.Detail, want)
		}
	}
	if diagnostic.Summary != "Could not read workspace nope" {
		t.Errorf("summary %q", diagnostic.Summary)
	}
}

// TestValidation: the schema's validators refuse, before any call, what the API would refuse.
func TestValidation(t *testing.T) {
	server := newServer(t)
	resources := schemas(t, server).ResourceSchemas
	number := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	object := func(schema *tfprotov6.Schema, attribute string, values map[string]tftypes.Value) tftypes.Value {
		objectType := schema.ValueType().(tftypes.Object).AttributeTypes[attribute].(tftypes.Object)
		full := map[string]tftypes.Value{}
		for name, attributeType := range objectType.AttributeTypes {
			full[name] = tftypes.NewValue(attributeType, nil)
		}
		for name, given := range values {
			full[name] = given
		}
		return tftypes.NewValue(objectType, full)
	}
	job := resources["sparkplane_job"]
	cases := []struct {
		name       string
		resource   string
		attributes map[string]tftypes.Value
		want       string // in a diagnostic's summary or detail; empty: valid
	}{
		{"a python job", "sparkplane_job", map[string]tftypes.Value{"name": str("a"), "python_file": str("s3://b/a.py")}, ""},
		{"a jar job", "sparkplane_job", map[string]tftypes.Value{"name": str("a"), "jar": str("s3://b/a.jar"), "main_class": str("a.Main")}, ""},
		{"no entrypoint", "sparkplane_job", map[string]tftypes.Value{"name": str("a")}, "python_file"},
		{"two entrypoints", "sparkplane_job", map[string]tftypes.Value{"name": str("a"), "python_file": str("a.py"), "jar": str("a.jar"), "main_class": str("a.Main")}, "python_file"},
		{"a jar without its class", "sparkplane_job", map[string]tftypes.Value{"name": str("a"), "jar": str("a.jar")}, "main_class"},
		{"bad memory", "sparkplane_job", map[string]tftypes.Value{"name": str("a"), "python_file": str("a.py"),
			"driver": object(job, "driver", map[string]tftypes.Value{"memory": str("1gb")})}, "Spark's notation"},
		{"too many cores", "sparkplane_job", map[string]tftypes.Value{"name": str("a"), "python_file": str("a.py"),
			"executor": object(job, "executor", map[string]tftypes.Value{"cores": number(65)})}, "between 1 and 64"},
		{"max below min", "sparkplane_job", map[string]tftypes.Value{"name": str("a"), "python_file": str("a.py"),
			"autoscaling": object(job, "autoscaling", map[string]tftypes.Value{"min_executors": number(3), "max_executors": number(2)})}, "max_executors"},
		{"a bad policy", "sparkplane_job", map[string]tftypes.Value{"name": str("a"), "python_file": str("a.py"), "concurrency_policy": str("DROP")}, "QUEUE"},
		{"a cron schedule", "sparkplane_schedule", map[string]tftypes.Value{"job_id": str("j"), "cron": str("30 2 * * *"), "time_zone": str("Europe/Berlin")}, ""},
		{"cron and interval", "sparkplane_schedule", map[string]tftypes.Value{"job_id": str("j"), "cron": str("@daily"), "interval": str("PT1H")}, "interval"},
		{"a bad time zone", "sparkplane_schedule", map[string]tftypes.Value{"job_id": str("j"), "cron": str("@daily"), "time_zone": str("Mars/Olympus")}, "IANA"},
		{"a short interval", "sparkplane_schedule", map[string]tftypes.Value{"job_id": str("j"), "interval": str("PT30S")}, "PT1M"},
		{"a 6-field cron", "sparkplane_schedule", map[string]tftypes.Value{"job_id": str("j"), "cron": str("0 30 2 * * *")}, "5-field"},
		{"start_at with cron", "sparkplane_schedule", map[string]tftypes.Value{"job_id": str("j"), "cron": str("@daily"), "start_at": str("2026-12-01T00:00:00Z")}, "start_at"},
		{"a bad workspace id", "sparkplane_workspace", map[string]tftypes.Value{"id": str("Analytics")}, "DNS label"},
		{"a bad quota", "sparkplane_workspace", map[string]tftypes.Value{"id": str("a"),
			"quotas": object(resources["sparkplane_workspace"], "quotas", map[string]tftypes.Value{"max_active_runs": number(-1)})}, "between 0 and 1000000"},
		{"a bad role", "sparkplane_api_token", map[string]tftypes.Value{"name": str("a"), "role": str("owner")}, "admin"},
		{"an engine profile", "sparkplane_engine_profile", map[string]tftypes.Value{"name": str("spark-large"), "type": str("local")}, ""},
		{"a profile name with a digit first", "sparkplane_engine_profile", map[string]tftypes.Value{"name": str("2large"), "type": str("local")}, "starting with a letter"},
		{"a profile name ending in a dash", "sparkplane_engine_profile", map[string]tftypes.Value{"name": str("large-"), "type": str("local")}, "starting with a letter"},
		{"a profile without a type", "sparkplane_engine_profile", map[string]tftypes.Value{"name": str("large"), "type": str("")}, "at least 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			response, err := server.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
				TypeName: c.resource, Config: value(t, resources[c.resource], c.attributes),
			})
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			for _, diagnostic := range response.Diagnostics {
				text.WriteString(diagnostic.Summary + ": " + diagnostic.Detail + "\n")
			}
			switch {
			case c.want == "" && text.Len() > 0:
				t.Errorf("refused: %s", text.String())
			case c.want != "" && !strings.Contains(text.String(), c.want):
				t.Errorf("want a diagnostic about %q, got %q", c.want, text.String())
			}
		})
	}
}

func TestImportIDOfAnArtifact(t *testing.T) {
	server := newServer(t)
	response, err := server.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: "sparkplane_artifact", ID: "default/job.py"})
	if err != nil {
		t.Fatal(err)
	}
	if len(response.Diagnostics) != 1 || !strings.Contains(response.Diagnostics[0].Detail, "<workspace>/<sha256>/<name>") {
		t.Errorf("diagnostics %v", response.Diagnostics)
	}
}
