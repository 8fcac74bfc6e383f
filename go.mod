module github.com/slipwayml/slipway

go 1.26
