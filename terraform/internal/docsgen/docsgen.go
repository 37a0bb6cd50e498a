// Package docsgen renders the provider's docs (docs/, from the schema's descriptions, templates/ and
// examples/) with tfplugindocs, without downloading a Terraform CLI: the provider is built, the OpenTofu the
// project builds (.tools/bin/tofu) prints its schema through dev_overrides, and tfplugindocs reads that
// schema from a file (--providers-schema).
package docsgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ProviderName is the provider's name in configurations (source sparkplane/sparkplane).
const ProviderName = "sparkplane"

// Tofu is the CLI to read the schema with: TF_ACC_TERRAFORM_PATH when set (as for the acceptance tests), else
// <repository>/.tools/bin/tofu.
func Tofu(moduleDir string) (string, error) {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = filepath.Join(moduleDir, "..", ".tools", "bin", "tofu")
	}
	if _, err := os.Stat(cli); err != nil {
		return "", fmt.Errorf("no OpenTofu at %s to read the provider's schema with (./sparkplane test builds it; or set TF_ACC_TERRAFORM_PATH): %w", cli, err)
	}
	return cli, nil
}

// Generate renders the docs of the provider module in moduleDir into outDir (replaced whole).
func Generate(ctx context.Context, moduleDir, tofu, outDir string) error {
	work, err := os.MkdirTemp("", "sparkplane-docs-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	schema, err := providerSchema(ctx, moduleDir, tofu, work)
	if err != nil {
		return err
	}
	schemaFile := filepath.Join(work, "schema.json")
	if err := os.WriteFile(schemaFile, schema, 0o644); err != nil {
		return err
	}
	// tfplugindocs reads templates/ and examples/ under --provider-dir and writes docs/ there: a copy of
	// those, so that the module's own docs/ is only replaced at the end
	site := filepath.Join(work, "provider")
	if err := os.MkdirAll(site, 0o755); err != nil {
		return err
	}
	for _, dir := range []string{"templates", "examples"} {
		if err := copyTree(filepath.Join(moduleDir, dir), filepath.Join(site, dir)); err != nil {
			return err
		}
	}
	if err := run(ctx, moduleDir, nil, "go", "tool", "tfplugindocs", "generate", "--provider-dir", site, "--provider-name", ProviderName,
		"--rendered-provider-name", "Sparkplane", "--providers-schema", schemaFile); err != nil {
		return err
	}
	if err := os.RemoveAll(outDir); err != nil {
		return err
	}
	return copyTree(filepath.Join(site, "docs"), outDir)
}

// providerSchema is `tofu providers schema -json` for the freshly built provider, under the key tfplugindocs
// looks for (the provider's short name), whatever host the CLI gives the source address.
func providerSchema(ctx context.Context, moduleDir, tofu, work string) ([]byte, error) {
	bin := filepath.Join(work, "bin")
	if err := run(ctx, moduleDir, nil, "go", "build", "-o", filepath.Join(bin, "terraform-provider-"+ProviderName), "."); err != nil {
		return nil, err
	}
	cliConfig := filepath.Join(work, "cli.tfrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", ProviderName+"/"+ProviderName, bin)
	if err := os.WriteFile(cliConfig, []byte(overrides), 0o644); err != nil {
		return nil, err
	}
	config := filepath.Join(work, "config")
	requirement := fmt.Sprintf("terraform {\n  required_providers {\n    %s = {\n      source = %q\n    }\n  }\n}\n", ProviderName, ProviderName+"/"+ProviderName)
	if err := os.MkdirAll(config, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(config, "main.tf"), []byte(requirement), 0o644); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	command := exec.CommandContext(ctx, tofu, "providers", "schema", "-json")
	command.Dir = config
	command.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig)
	command.Stdout = &out
	var errors bytes.Buffer
	command.Stderr = &errors
	if err := command.Run(); err != nil {
		return nil, fmt.Errorf("%s providers schema -json: %w\n%s", tofu, err, errors.String())
	}
	var schemas struct {
		FormatVersion   string                     `json:"format_version"`
		ProviderSchemas map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal(out.Bytes(), &schemas); err != nil {
		return nil, fmt.Errorf("reading the providers schema: %w", err)
	}
	for address, schema := range schemas.ProviderSchemas {
		if strings.HasSuffix(address, "/"+ProviderName+"/"+ProviderName) {
			schemas.ProviderSchemas = map[string]json.RawMessage{ProviderName: schema}
			return json.Marshal(schemas)
		}
	}
	return nil, fmt.Errorf("the providers schema has no %s/%s", ProviderName, ProviderName)
}

func run(ctx context.Context, dir string, env []string, name string, args ...string) error {
	command := exec.CommandContext(ctx, name, args...)
	command.Dir = dir
	command.Env = append(os.Environ(), env...)
	output, err := command.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, output)
	}
	return nil
}

// copyTree copies the regular files under from into to; a missing from copies nothing.
func copyTree(from, to string) error {
	if _, err := os.Stat(from); os.IsNotExist(err) {
		return nil
	}
	return filepath.WalkDir(from, func(path string, entry os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		relative, _ := filepath.Rel(from, path)
		target := filepath.Join(to, relative)
		if entry.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, content, 0o644)
	})
}
