package ops

// table lists the implemented operators sorted by domain, then type; one
// line each. TestTableSorted keeps it sorted and the conformance run checks
// every entry is exercised.
var table = []Op{
	{"", "Add", 7, buildAdd},
	{"", "Cast", 6, buildCast},
	{"", "CastLike", 15, buildCastLike},
	{"", "Div", 7, buildDiv},
	{"", "Max", 8, buildMax},
	{"", "Mean", 8, buildMean},
	{"", "Min", 8, buildMin},
	{"", "Mul", 7, buildMul},
	{"", "Pow", 7, buildPow},
	{"", "Sub", 7, buildSub},
	{"", "Sum", 8, buildSum},
}
