// Package deploy makes a runtime follow registry aliases: when an alias
// moves, the new version is loaded, warmed with its bundle's examples and
// swapped in atomically, and the old one is unloaded once its in-flight
// requests finish.
package deploy
