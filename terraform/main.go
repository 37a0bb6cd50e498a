// Command terraform-provider-sparkplane is the Sparkplane Terraform provider, run by Terraform or OpenTofu as
// a plugin. Configurations name it by the source address sparkplane/sparkplane; docs/terraform.md tells how to
// build it and point the CLI at the binary with dev_overrides.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/provider"
)

// The provider docs in docs/ are rendered by tfplugindocs from the schema, templates/ and examples/, with the
// schema read by the OpenTofu the project builds (internal/docsgen); TestDocsAreCurrent fails when they are not.
//go:generate go run ./tools/docs

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	var address string
	flag.BoolVar(&debug, "debug", false, "run in debug mode (for a debugger): prints the TF_REATTACH_PROVIDERS value to use")
	// The CLI finds the provider through the configuration's source address (sparkplane/sparkplane) and its own
	// dev_overrides; this full address is only printed in debug mode, where its host must be the one the CLI
	// resolves sparkplane/sparkplane to (`tofu providers` shows it).
	flag.StringVar(&address, "address", "localhost/sparkplane/sparkplane", "the provider's full address (host/namespace/type), used by -debug")
	flag.Parse()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{Address: address, Debug: debug})
	if err != nil {
		log.Fatal(err)
	}
}
