package main

import (
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/registry"
)

func newToken() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Manage the bearer tokens of the server's management API",
	}
	cmd.AddCommand(newTokenCreate())
	return cmd
}

func newTokenCreate() *cobra.Command {
	var (
		rf    registryFlags
		scope string
	)
	cmd := &cobra.Command{
		Use:   "create [NAME] --scope read|deploy|admin",
		Short: "Create an API token and print it (it is shown only this once)",
		Long: `Create a bearer token for the management API (and for predictions under
slipway serve --auth predict). The registry keeps only its sha256, so the
token is printed once and cannot be shown again. NAME, which the audit log
records for everything done with the token, defaults to SCOPE-RANDOM.
Scopes: read (list, log, predict) < deploy (push, move aliases) < admin.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := registry.ParseScope(scope)
			if err != nil {
				return err
			}
			name := string(sc) + "-" + strings.ToLower(rand.Text()[:6])
			if len(args) == 1 {
				name = args[0]
			}
			reg, err := rf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer reg.Close()
			secret, err := reg.Store.CreateToken(cmd.Context(), name, sc, rf.actor)
			if err != nil {
				return err
			}
			if rf.json {
				return writeJSON(cmd.OutOrStdout(), map[string]string{"name": name, "scope": scope, "token": secret})
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "token %s, scope %s: store it now, it cannot be shown again\n", name, sc)
			_, err = fmt.Fprintln(cmd.OutOrStdout(), secret)
			return err
		},
	}
	rf.register(cmd, true)
	cmd.Flags().StringVar(&scope, "scope", "", "read, deploy or admin (required)")
	cmd.MarkFlagRequired("scope")
	return cmd
}
