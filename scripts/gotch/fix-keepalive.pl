#!/usr/bin/perl
# Upstream defect (gotch v0.9.1 ts/): every Tensor and Scalar carries a Go finalizer that
# frees its C++ object, but the op wrappers read `x.ctensor` / `x.cscalar` and then call C
# without keeping `x` alive. Once the Go object has no later use, the garbage collector
# may run the finalizer while libtorch is still using the tensor: a use-after-free seen
# here as a SIGSEGV inside atg_dropout. Fix: after every libtch call, runtime.KeepAlive
# each Go object whose C handle was passed to it.
#
# usage: fix-keepalive.pl ts/*.go   (in place; idempotent: marked lines are skipped)
use strict;
use warnings;

my ($calls, $files) = (0, 0);
for my $file (@ARGV) {
    open(my $in, '<', $file) or die "fix-keepalive: cannot read $file: $!\n";
    my @lines = <$in>;
    close $in;
    my (@out, $changed);
    for (my $i = 0; $i < @lines; $i++) {
        my $line = $lines[$i];
        push @out, $line;
        next if $line =~ /^\s*\/\// || $line !~ /\blib\.At\w*\(/;
        next if $i + 1 < @lines && $lines[$i + 1] =~ /notecoder: keep/;
        my %seen;
        my @names = grep { !$seen{$_}++ } ($line =~ /\b([A-Za-z_]\w*)\.c(?:tensor|scalar)\b/g);
        next unless @names;
        my ($indent) = $line =~ /^(\s*)/;
        # A call whose result is assigned on the same line stays one statement; the
        # KeepAlive goes right after it either way.
        push @out, "${indent}runtime.KeepAlive(" . join(")\n${indent}runtime.KeepAlive(", @names) . ") // notecoder: keep alive during the C call\n";
        $calls++;
        $changed = 1;
    }
    next unless $changed;
    my $src = join('', @out);
    if ($src !~ /"runtime"/) {
        $src =~ s/^import\s*\(\n/import(\n  "runtime" \/\/ notecoder: for KeepAlive\n/m
            or die "fix-keepalive: no import block in $file\n";
    }
    open(my $outf, '>', $file) or die "fix-keepalive: cannot write $file: $!\n";
    print $outf $src;
    close $outf;
    $files++;
}
# A fix that matches nothing means gotch changed under us: fail loudly, never exit 0.
die "fix-keepalive: no lib.At* call taking a tensor found in @{[scalar @ARGV]} file(s) (gotch changed? re-check the defect)\n" if $calls == 0;
print "fix-keepalive: kept tensors alive across $calls libtch calls in $files files\n";
