#!/usr/bin/perl
# Replaces the bodies of gotch's generated C wrappers that do not compile against the
# libtorch at hand with a body that reports a clear error at run time.
#
# usage: stub-unsupported.pl LIST_FILE LIBTORCH_VERSION torch_api_generated.cpp.h
#
# Why: gotch v0.9.1 generates a wrapper for every op of libtorch 2.1; older libtorch
# (Debian's 1.13) lacks some of them or has other signatures. Those wrappers are not used
# by notecoder; stubbing exactly them lets the rest compile. A call to one sets gotch's
# last-error slot, so the Go side gets an error naming the op, never a crash.
use strict;
use warnings;

my ($list, $version, $file) = @ARGV;
die "usage: stub-unsupported.pl LIST VERSION FILE\n" unless defined $file;

open(my $lf, '<', $list) or die "stub-unsupported: cannot read $list: $!\n";
my %stub = map { chomp; ($_ => 1) } grep { /^atg_\w+$/ } <$lf>;
close $lf;

open(my $in, '<', $file) or die "stub-unsupported: cannot read $file: $!\n";
my @lines = <$in>;
close $in;

my (@out, $n);
for (my $i = 0; $i < @lines; $i++) {
    my $line = $lines[$i];
    if ($line =~ /^(\S.*?)\s*\b(atg_\w+)\(.*\)\s*\{\s*$/ && $stub{$2}) {
        my ($ret, $name) = ($1, $2);
        my $ret_stmt = $ret eq 'void' ? '' : "  return {};\n";
        push @out, $line;
        push @out, "  // notecoder: stubbed, does not compile against libtorch $version\n";
        push @out, "  torch_last_err = strdup(\"$name: operation not available in libtorch $version (this gotch wrapper needs the libtorch gotch v0.9.1 targets, 2.1)\");\n";
        push @out, $ret_stmt if $ret_stmt;
        $i++ while $i + 1 < @lines && $lines[$i] !~ /^\}/;
        push @out, "}\n";
        $n++;
        delete $stub{$name};
        next;
    }
    push @out, $line;
}
die "stub-unsupported: not found in $file: " . join(' ', sort keys %stub) . "\n" if %stub;

open(my $outf, '>', $file) or die "stub-unsupported: cannot write $file: $!\n";
print $outf @out;
close $outf;
print "stub-unsupported: stubbed " . ($n // 0) . " wrappers for libtorch $version\n";
