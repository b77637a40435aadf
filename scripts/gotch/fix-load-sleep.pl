#!/usr/bin/perl
# Upstream defect (gotch v0.9.1 nn/varstore.go): VarStore.Load and its variants end with
# ts.CleanUp(), which runs the Go GC, sleeps one whole second, and runs it again. The
# tensors it hopes to free were already dropped explicitly just above, so the sleep buys
# nothing: it cost 1 s per model file loaded (3 s per replica of the shipped 3-model
# ensemble at every start) and 1 s per training run (restoring the best epoch).
# Fix: drop those calls.
use strict;
use warnings;
my $file = shift or die "usage: fix-load-sleep.pl nn/varstore.go\n";
local $/;
open(my $in, '<', $file) or die "fix-load-sleep: cannot read $file: $!\n";
my $src = <$in>;
close $in;
my $n = $src =~ s{^\tts\.CleanUp\(\)\n}{\t// notecoder: ts.CleanUp() removed here (it slept 1 s; the tensors are dropped above)\n}mg;
die "fix-load-sleep: no ts.CleanUp() call found in $file (gotch changed? re-check the defect)\n" unless $n > 0 || $src =~ /notecoder: ts\.CleanUp\(\) removed/;
open(my $out, '>', $file) or die "fix-load-sleep: cannot write $file: $!\n";
print $out $src;
close $out;
print "fix-load-sleep: removed $n one-second sleeps from VarStore loading\n";
