// Command docs renders the provider's docs into docs/ (go generate ./... in terraform/ runs it).
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/docsgen"
)

func main() {
	moduleDir, err := os.Getwd()
	if err == nil {
		var tofu string
		if tofu, err = docsgen.Tofu(moduleDir); err == nil {
			err = docsgen.Generate(context.Background(), moduleDir, tofu, filepath.Join(moduleDir, "docs"))
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "docs:", err)
		os.Exit(1)
	}
}
