package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRequests: the paths, query, headers and bodies the client sends, and how it reads an error, against an
// httptest server that records them (client-side mapping only; the acceptance tests use the real control plane).
func TestRequests(t *testing.T) {
	var got *http.Request
	var gotBody []byte
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		gotBody, _ = io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/prefix/api/v1/jobs/a/b":
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"type":"urn:sparkplane:problem:not-found","title":"Not found","status":404,"detail":"no job"}`))
		default:
			_, _ = w.Write([]byte(`{"id":"w","quotas":{"maxActiveRuns":null,"maxExecutors":2,"maxQueuedRuns":null}}`))
		}
	}))
	defer server.Close()
	api, err := New(server.URL+"/prefix/", "spk_test", "tests")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	_, err = api.GetJob(ctx, "a/b")
	if !IsNotFound(err) || got.URL.EscapedPath() != "/prefix/api/v1/jobs/a%2Fb" {
		t.Errorf("GetJob: %v, path %s", err, got.URL.EscapedPath())
	}
	if got.Header.Get("Authorization") != "Bearer spk_test" {
		t.Errorf("authorization %q", got.Header.Get("Authorization"))
	}

	workspace, err := api.UpdateWorkspace(ctx, "w", map[string]any{"quotas": nil})
	if err != nil || got.Method != http.MethodPatch || got.Header.Get("Content-Type") != "application/merge-patch+json" {
		t.Errorf("UpdateWorkspace: %v, %s %s", err, got.Method, got.Header.Get("Content-Type"))
	}
	if workspace.Quotas.MaxActiveRuns != nil || *workspace.Quotas.MaxExecutors != 2 {
		t.Errorf("quotas %+v", workspace.Quotas)
	}

	_, _ = api.GetArtifact(ctx, "w", "abc")
	if got.URL.Query().Get("workspace") != "w" {
		t.Errorf("query %s", got.URL.RawQuery)
	}

	// a PUT sends the whole definition: no settings are sent as {}, so that it clears them
	_, _ = api.UpdateEngineProfile(ctx, "gpu", EngineProfileRequest{Name: "gpu", Type: "kubernetes", Settings: map[string]string{}})
	if got.Method != http.MethodPut || got.URL.Path != "/prefix/api/v1/engine-profiles/gpu" || string(gotBody) != `{"name":"gpu","type":"kubernetes","settings":{}}` {
		t.Errorf("UpdateEngineProfile: %s %s %s", got.Method, got.URL.Path, gotBody)
	}
}

func TestNewRefusesAHostThatIsNoURL(t *testing.T) {
	for _, host := range []string{"", "localhost:8080", "ftp://x", "http://"} {
		if _, err := New(host, "t", "tests"); err == nil {
			t.Errorf("%q was accepted", host)
		}
	}
}

func TestUnknownWorkspace(t *testing.T) {
	err := ParseProblem("GET", "/api/v1/artifacts/sha256/x", 400, []byte(`{"title":"The request is invalid","status":400,"detail":"d","errors":[{"field":"query:workspace","message":"no workspace 'x'"}]}`))
	if !IsUnknownWorkspace(err) || IsNotFound(err) {
		t.Errorf("%v", err)
	}
	if IsUnknownWorkspace(ParseProblem("GET", "/", 400, []byte(`{"title":"t","errors":[{"field":"query:limit","message":"m"}]}`))) {
		t.Error("another field is not an unknown workspace")
	}
}
