// compose-config loads a Compose file the way `docker compose config` does (compose-go: the
// Compose Specification's schema, interpolation, merging and normalization) and prints the
// resolved project as JSON. For machines without the docker compose plugin; the tests and
// `make compose-check` use the plugin when it is installed.
//
//	go run . docker-compose.yml [ENV_FILE]
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-config COMPOSE_FILE [ENV_FILE]")
		os.Exit(2)
	}
	file, err := filepath.Abs(os.Args[1])
	if err != nil {
		fail(err)
	}
	// Every profile, so services that `up` leaves out (profiles: [tools]) are checked too.
	options := []cli.ProjectOptionsFn{cli.WithWorkingDirectory(filepath.Dir(file)), cli.WithProfiles([]string{"*"})}
	if len(os.Args) > 2 {
		envFile, err := filepath.Abs(os.Args[2])
		if err != nil {
			fail(err)
		}
		// Only the env file: the developer's own environment must not change what is checked.
		options = append(options, cli.WithEnvFiles(envFile), cli.WithDotEnv)
	}
	opts, err := cli.NewProjectOptions([]string{file}, options...)
	if err != nil {
		fail(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	os.Stdout.Write(out)
	os.Stdout.Write([]byte("\n"))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
