package main

import (
	"crypto/rand"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/registry"
)

func newToken() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Manage the bearer tokens of the server's management API",
	}
	cmd.AddCommand(newTokenCreate(), newTokenList(), newTokenRevoke())
	return cmd
}

func newTokenCreate() *cobra.Command {
	var (
		rf      registryFlags
		scope   string
		expires time.Duration
	)
	cmd := &cobra.Command{
		Use:   "create [NAME] --scope read|deploy|admin",
		Short: "Create an API token and print it (it is shown only this once)",
		Long: `Create a bearer token for the management API (and for predictions under
slipway serve --auth predict). The registry keeps only its sha256, so the
token is printed once and cannot be shown again. NAME, which the audit log
records for everything done with the token, defaults to SCOPE-RANDOM.
Scopes: read (list, log, predict) < deploy (push, move aliases) < admin.
--expires 720h makes it stop working 30 days from now.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := registry.ParseScope(scope)
			if err != nil {
				return err
			}
			if expires < 0 {
				return fmt.Errorf("--expires must be positive, got %v", expires)
			}
			tok := registry.Token{Scope: sc, Actor: rf.actor}
			if expires > 0 {
				tok.Expires = time.Now().Add(expires).UTC()
			}
			tok.Name = string(sc) + "-" + strings.ToLower(rand.Text()[:6])
			if len(args) == 1 {
				tok.Name = args[0]
			}
			reg, err := rf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer reg.Close()
			secret, err := reg.Store.CreateToken(cmd.Context(), tok)
			if err != nil {
				return err
			}
			if rf.json {
				out := map[string]string{"name": tok.Name, "scope": scope, "token": secret}
				if expires > 0 {
					out["expires"] = tok.Expires.Format(time.RFC3339)
				}
				return writeJSON(cmd.OutOrStdout(), out)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "token %s, scope %s: store it now, it cannot be shown again\n", tok.Name, sc)
			_, err = fmt.Fprintln(cmd.OutOrStdout(), secret)
			return err
		},
	}
	rf.register(cmd, true)
	cmd.Flags().StringVar(&scope, "scope", "", "read, deploy or admin (required)")
	cmd.MarkFlagRequired("scope")
	cmd.Flags().DurationVar(&expires, "expires", 0, "lifetime, e.g. 720h (default: no expiry)")
	return cmd
}

func newTokenList() *cobra.Command {
	var rf registryFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List API tokens (names, scopes, expiry and revocation; never secrets)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := rf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer reg.Close()
			toks, err := reg.Store.Tokens(cmd.Context())
			if err != nil {
				return err
			}
			if rf.json {
				return writeJSON(cmd.OutOrStdout(), orEmpty(toks))
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "NAME\tSCOPE\tCREATED\tBY\tSTATUS")
			now := time.Now()
			for _, t := range toks {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.Name, t.Scope, t.Created.Format(time.RFC3339), t.Actor, tokenStatus(t, now))
			}
			return w.Flush()
		},
	}
	rf.register(cmd, false)
	return cmd
}

func tokenStatus(t registry.Token, now time.Time) string {
	switch {
	case !t.Revoked.IsZero():
		return "revoked " + t.Revoked.Format(time.RFC3339)
	case t.Expires.IsZero():
		return "valid"
	case t.Valid(now):
		return "valid until " + t.Expires.Format(time.RFC3339)
	}
	return "expired " + t.Expires.Format(time.RFC3339)
}

func newTokenRevoke() *cobra.Command {
	var rf registryFlags
	cmd := &cobra.Command{
		Use:   "revoke NAME",
		Short: "Revoke an API token (running servers stop accepting it within 10 s)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := rf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer reg.Close()
			if err := reg.Store.RevokeToken(cmd.Context(), args[0], rf.actor); err != nil {
				return err
			}
			if rf.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"name": args[0], "revoked": true})
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "token %s revoked\n", args[0])
			return nil
		},
	}
	rf.register(cmd, true)
	return cmd
}
