// Package training owns datasets (i2b2 XML, annotated JSONL, the synthetic generator),
// training loops, evaluation and the model registry. It never serves traffic.
package training
