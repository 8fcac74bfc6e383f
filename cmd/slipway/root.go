package main

import (
	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "slipway",
		Short:         "Ship a trained model file to production: serve, package, deploy",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(
		newPredict(),
		newInspect(),
		newBench(),
		newServe(),
		newPackage(),
		newPush(),
		newModels(),
		newVersions(),
		newAlias(),
		newPull(),
		newLog(),
		newVerify(),
		newBuild(),
		newK8s(),
		newDockerfile(),
		newToken(),
	)
	return root
}
