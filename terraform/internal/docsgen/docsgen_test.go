package docsgen

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestDocsAreCurrent renders the docs afresh and compares them with the committed docs/: a schema description,
// template or example changed without `go generate ./...` fails here.
func TestDocsAreCurrent(t *testing.T) {
	moduleDir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tofu, err := Tofu(moduleDir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	fresh := filepath.Join(t.TempDir(), "docs")
	if err := Generate(ctx, moduleDir, tofu, fresh); err != nil {
		t.Fatal(err)
	}
	committed := filepath.Join(moduleDir, "docs")
	want, got := files(t, fresh), files(t, committed)
	for name, content := range want {
		if current, ok := got[name]; !ok {
			t.Errorf("docs/%s is missing; run go generate ./... in terraform/", name)
		} else if !bytes.Equal(current, content) {
			t.Errorf("docs/%s is not current; run go generate ./... in terraform/", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("docs/%s is not generated any more; run go generate ./... in terraform/", name)
		}
	}
}

func files(t *testing.T, root string) map[string][]byte {
	t.Helper()
	found := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, entry os.DirEntry, err error) error {
		if err != nil || entry.IsDir() {
			return err
		}
		relative, _ := filepath.Rel(root, path)
		content, err := os.ReadFile(path)
		found[relative] = content
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return found
}
