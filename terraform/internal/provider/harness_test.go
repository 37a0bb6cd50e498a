package provider

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// The acceptance tests (TF_ACC=1) run against a real control plane and a real OpenTofu CLI:
//   - SPARKPLANE_HOST and SPARKPLANE_TOKEN name a running control plane; when SPARKPLANE_HOST is unset, TestMain
//     starts the packaged one (SPARKPLANE_CONTROL_PLANE_JAR, default ../control-plane/target/quarkus-app/quarkus-run.jar)
//     with a temporary home on a free port, once for the whole package, and stops it at the end;
//   - TF_ACC_TERRAFORM_PATH names the CLI, default ../.tools/bin/tofu (./sparkplane test builds it).
// The provider itself is served in-process (ProtoV6ProviderFactories): nothing is downloaded.

// testProviders serves the provider in the test process for the CLI to attach to.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"sparkplane": providerserver.NewProtocol6WithError(New("test")()),
}

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	root, err := repositoryRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := useOpenTofu(root); err != nil {
		fmt.Fprintln(os.Stderr, "acceptance tests:", err)
		return 1
	}
	defer func() { os.Remove(cliConfig) }()
	if os.Getenv(EnvHost) == "" {
		controlPlane, err := startControlPlane(root)
		if err != nil {
			fmt.Fprintln(os.Stderr, "acceptance tests:", err)
			return 1
		}
		defer controlPlane.stop()
	}
	return m.Run()
}

// repositoryRoot is the directory above the Go module (terraform/..).
func repositoryRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Dir(dir), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// useOpenTofu points terraform-plugin-testing at the CLI and at the provider address the CLI gives the
// configurations' source sparkplane/sparkplane, so that the CLI attaches to the in-process provider.
func useOpenTofu(root string) error {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = filepath.Join(root, ".tools", "bin", "tofu")
		os.Setenv("TF_ACC_TERRAFORM_PATH", cli)
	}
	if _, err := os.Stat(cli); err != nil {
		return fmt.Errorf("no Terraform CLI at %s (./sparkplane test builds OpenTofu there; or set TF_ACC_TERRAFORM_PATH): %w", cli, err)
	}
	// an empty CLI configuration: the user's own (dev_overrides, mirrors) must not change what the tests run
	config, err := os.CreateTemp("", "sparkplane-tf-cli-*.tfrc")
	if err != nil {
		return err
	}
	config.Close()
	os.Setenv("TF_CLI_CONFIG_FILE", config.Name())
	// removed when the process ends: the CLI reads it in every step until then
	cliConfig = config.Name()
	host, err := defaultProviderHost(cli)
	if err != nil {
		return err
	}
	os.Setenv("TF_ACC_PROVIDER_HOST", host)
	os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "sparkplane")
	return nil
}

// cliConfig is the empty CLI configuration file the acceptance tests give the CLI.
var cliConfig string

var providerAddressPattern = regexp.MustCompile(`provider\[([^/\]]+)/sparkplane/sparkplane\]`)

// defaultProviderHost asks the CLI which host it resolves the source address sparkplane/sparkplane to (each CLI
// has its own default registry host), from `providers` on a configuration that requires it.
func defaultProviderHost(cli string) (string, error) {
	dir, err := os.MkdirTemp("", "sparkplane-tf-host-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(requiredProviders), 0o644); err != nil {
		return "", err
	}
	command := exec.Command(cli, "providers")
	command.Dir = dir
	output, err := command.CombinedOutput()
	match := providerAddressPattern.FindSubmatch(output)
	if err != nil || match == nil {
		return "", fmt.Errorf("%s providers did not name the provider's address (%v):\n%s", cli, err, output)
	}
	return string(match[1]), nil
}

// requiredProviders is the terraform block every test configuration starts with, as users write it.
const requiredProviders = `terraform {
  required_providers {
    sparkplane = {
      source = "sparkplane/sparkplane"
    }
  }
}
`

// controlPlane is the packaged control plane started for the tests.
type controlPlane struct {
	process *exec.Cmd
	done    chan struct{} // closed when the process has exited
	home    string
	log     *os.File
}

func startControlPlane(root string) (*controlPlane, error) {
	jar := os.Getenv("SPARKPLANE_CONTROL_PLANE_JAR")
	if jar == "" {
		jar = filepath.Join(root, "control-plane", "target", "quarkus-app", "quarkus-run.jar")
	}
	if _, err := os.Stat(jar); err != nil {
		return nil, fmt.Errorf("no control plane jar at %s (build it with ./sparkplane build, or set SPARKPLANE_CONTROL_PLANE_JAR or SPARKPLANE_HOST): %w", jar, err)
	}
	home, err := os.MkdirTemp("", "sparkplane-tf-home-*")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(home, "control-plane.log"))
	if err != nil {
		return nil, err
	}
	java := "java"
	if javaHome := os.Getenv("JAVA_HOME"); javaHome != "" {
		java = filepath.Join(javaHome, "bin", "java")
	}
	process := exec.Command(java, "-Xmx512m", "-jar", jar)
	process.Env = append(withoutEnv(os.Environ(), "SPARKPLANE_DB_URL"),
		"SPARKPLANE_HOME="+home,
		fmt.Sprintf("SPARKPLANE_PORT=%d", port),
		"SPARKPLANE_PYTHON="+filepath.Join(root, ".venv", "bin", "python"),
	)
	process.Stdout, process.Stderr = logFile, logFile
	// its own process group, so that stopping it reaches the embedded PostgreSQL it starts
	process.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	started := time.Now()
	if err := process.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", jar, err)
	}
	plane := &controlPlane{process: process, done: make(chan struct{}), home: home, log: logFile}
	go func() {
		_ = process.Wait()
		close(plane.done)
	}()
	host := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := plane.awaitReady(host, 3*time.Minute); err != nil {
		plane.stop()
		return nil, fmt.Errorf("%w\nits log (%s):\n%s", err, logFile.Name(), tail(logFile.Name(), 60))
	}
	token, err := os.ReadFile(filepath.Join(home, "admin-token"))
	if err != nil {
		plane.stop()
		return nil, fmt.Errorf("reading the bootstrap admin token: %w", err)
	}
	os.Setenv(EnvHost, host)
	os.Setenv(EnvToken, strings.TrimSpace(string(token)))
	fmt.Fprintf(os.Stderr, "acceptance tests: control plane %s ready on %s in %.1fs (home %s)\n", jar, host, time.Since(started).Seconds(), home)
	return plane, nil
}

func (c *controlPlane) awaitReady(host string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-c.done:
			return fmt.Errorf("the control plane exited before it was ready: %s", c.process.ProcessState)
		default:
		}
		response, err := http.Get(host + "/q/health/ready")
		if err == nil {
			response.Body.Close()
			if response.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("the control plane was not ready on %s in %s", host, timeout)
}

// stop ends the control plane with SIGTERM (it stops its embedded PostgreSQL on the way), then SIGKILLs
// whatever is left of its process group after 30 s, and removes its home unless SPARKPLANE_KEEP_HOME is set.
func (c *controlPlane) stop() {
	_ = c.process.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		fmt.Fprintln(os.Stderr, "acceptance tests: the control plane did not stop in 30 s; killed")
	}
	_ = syscall.Kill(-c.process.Process.Pid, syscall.SIGKILL)
	c.log.Close()
	if os.Getenv("SPARKPLANE_KEEP_HOME") == "" {
		os.RemoveAll(c.home)
	} else {
		fmt.Fprintln(os.Stderr, "acceptance tests: the control plane's home is kept:", c.home)
	}
}

func freePort() (int, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port, nil
}

func withoutEnv(environment []string, name string) []string {
	kept := environment[:0:0]
	for _, entry := range environment {
		if !strings.HasPrefix(entry, name+"=") {
			kept = append(kept, entry)
		}
	}
	return kept
}

func tail(path string, lines int) string {
	content, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	var kept []string
	scanner := bufio.NewScanner(bytes.NewReader(content))
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		kept = append(kept, scanner.Text())
		if len(kept) > lines {
			kept = kept[1:]
		}
	}
	return strings.Join(kept, "\n")
}

// testClient is a client of the tests' control plane with the admin token, for what a test does outside
// Terraform (deleting an object behind its back, starting a run).
func testClient(t *testing.T) *client.Client {
	t.Helper()
	api, err := client.New(os.Getenv(EnvHost), os.Getenv(EnvToken), "terraform-provider-sparkplane-tests")
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// testContext is a context for those calls.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func mustRegexp(pattern string) *regexp.Regexp { return regexp.MustCompile(pattern) }

func sha256Hex(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}
