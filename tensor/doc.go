// Package tensor holds Slipway's one data type: a dtype, a shape and flat typed
// storage, with the JSON codecs every protocol shares.
package tensor
