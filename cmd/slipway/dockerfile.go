package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/ship/image"
)

func newDockerfile() *cobra.Command {
	var (
		sf          shipFlags
		out, source string
	)
	cmd := &cobra.Command{
		Use:   "dockerfile MODEL|NAME@VERSION -o DIR",
		Short: "Write a Dockerfile and context that build the image slipway build makes",
		Long: `For teams that build images with Docker: write into DIR (new or empty) a
multi-stage Dockerfile and its context, src/ with the Slipway source and
models/ with the model, so that "docker build DIR" gives the files and
config of slipway build's image (user, port, labels, entrypoint). Run from
a Slipway checkout, or give it with --source.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := sf.open(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer m.Close()
			c := &image.Compiler{Source: source, Version: version}
			if err := image.WriteDockerContext(cmd.Context(), out, m, c); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "wrote %s/Dockerfile; build it with: docker build -t %s %s\n", out, defaultTag(m), out)
			return err
		},
	}
	sf.register(cmd)
	cmd.Flags().StringVarP(&out, "output", "o", "", "folder to write (required)")
	cmd.Flags().StringVar(&source, "source", "", "Slipway source (default: the checkout holding the working directory)")
	cmd.MarkFlagRequired("output")
	return cmd
}
