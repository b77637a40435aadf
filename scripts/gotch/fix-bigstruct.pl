#!/usr/bin/perl
# Upstream design defect (gotch v0.9.1 ts/tensor.go): newTensor gives every Tensor a
# 100 KB Go allocation (bigStruct) that is never used, so that the Go collector feels
# pressure and runs finalizers for tensors nobody dropped. notecoder drops its tensors
# explicitly (and the leak test proves it), so this only cost memory bandwidth and GC:
# 1 GB allocated and zeroed per 200 tagged 8 KB notes, a fifth of the CPU.
# Fix: allocate nothing. Tensors left unreferenced are still freed by their finalizers,
# but less promptly: 300,000 undropped 1 KB tensors left 78 MB resident after a GC.
# Drop tensors explicitly (all notecoder code does; TestMillionOpsDoNotLeak shows it).
use strict;
use warnings;
my $file = shift or die "usage: fix-bigstruct.pl ts/tensor.go\n";
local $/;
open(my $in, '<', $file) or die "fix-bigstruct: cannot read $file: $!\n";
my $src = <$in>;
close $in;
my $n = $src =~ s{^\tx\.d = new\(bigStruct\)\n}{\t// notecoder: no 100 KB bigStruct per tensor (GC pressure only; tensors are dropped explicitly)\n}m;
die "fix-bigstruct: pattern not found in $file (gotch changed? re-check the defect)\n" unless $n == 1 || $src =~ /notecoder: no 100 KB bigStruct/;
open(my $out, '>', $file) or die "fix-bigstruct: cannot write $file: $!\n";
print $out $src;
close $out;
print "fix-bigstruct: tensors no longer carry a 100 KB Go allocation\n";
