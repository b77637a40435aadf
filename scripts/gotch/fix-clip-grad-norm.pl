#!/usr/bin/perl
# Upstream defect (gotch v0.9.1 nn/optimizer.go): Optimizer.ClipGradNorm takes the
# VarStore lock and then calls VarStore.TrainableVariables, which takes the same
# (non-reentrant) lock again: a deadlock for ClipGradNorm and BackwardStepClipNorm.
# Fix: collect the trainable variables first, then take the lock.
use strict;
use warnings;
my $file = shift or die "usage: fix-clip-grad-norm.pl nn/optimizer.go\n";
local $/;
open(my $in, '<', $file) or die "fix-clip-grad-norm: cannot read $file: $!\n";
my $src = <$in>;
close $in;
my $n = $src =~ s{\topt\.varstore\.Lock\(\)\n\tdefer opt\.varstore\.Unlock\(\)\n\tparameters := opt\.varstore\.TrainableVariables\(\)\n}
                {\t// notecoder: TrainableVariables locks the VarStore itself; lock after it (was a deadlock).\n\tparameters := opt.varstore.TrainableVariables()\n\topt.varstore.Lock()\n\tdefer opt.varstore.Unlock()\n};
die "fix-clip-grad-norm: pattern not found in $file (gotch changed? re-check the defect)\n" unless $n == 1 || $src =~ /notecoder: TrainableVariables/;
open(my $out, '>', $file) or die "fix-clip-grad-norm: cannot write $file: $!\n";
print $out $src;
close $out;
print "fix-clip-grad-norm: fixed ClipGradNorm lock order\n";
