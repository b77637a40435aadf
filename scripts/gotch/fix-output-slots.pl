#!/usr/bin/perl
# Fixes gotch v0.9.1's C output slots, in place, in the files named on the command line
# (a prepared copy of gotch's ts/ package, never the module cache).
#
# Upstream defect: every generated op allocates the slot its C wrapper writes the result
# tensor pointer(s) into with `C.malloc(0)` and never frees it, a leak per op that is fatal
# to a long-running consumer; ops with several outputs (and the jit list readers) write
# past that zero-byte allocation. Here each such slot is allocated with room for what the
# op writes and freed (deferred) once the function has read it. Arrays of tensors that C
# returns for ops with a variable number of outputs (split, chunk, ...) are freed as well.
#
# Idempotent: lines already fixed carry the marker "notecoder:" and are left alone.
use strict;
use warnings;

my $word = 'C.size_t(unsafe.Sizeof(uintptr(0)))';
my ($slots, $arrays) = (0, 0);

for my $file (@ARGV) {
    open(my $in, '<', $file) or die "fix-output-slots: cannot read $file: $!\n";
    my @lines = <$in>;
    close $in;
    my @out;
    for (my $i = 0; $i < @lines; $i++) {
        my $line = $lines[$i];
        if ($line =~ /^(\s*)(\w+) := (.*)C\.malloc\(0\)(.*)$/ && $line !~ /^\s*(\/\/|\*)/) {
            my ($indent, $var, $pre, $post) = ($1, $2, $3, $4);
            # How many consecutive slots does the op write? The generated code derives
            # pointers 1..N-1 from the first one on the lines that follow.
            my $n = 1;
            for (my $j = $i + 1; $j < @lines && $lines[$j] =~ /^\s*\w+ := \(\*lib\.Ctensor\)\(unsafe\.Pointer\(uintptr\(unsafe\.Pointer\(/; $j++) {
                $n++;
            }
            my $size = "C.size_t($n)*$word";
            # jit list readers: `lib.AtiToXxx(v, ptr, int(len))` writes up to len values
            # (2*len for dict key/value pairs) of at most one word each.
            if ($i + 1 < @lines && $lines[$i + 1] =~ /lib\.Ati\w+\([^,]+,\s*\Q$var\E,\s*int\((\w+)\)\)/) {
                $size = "C.size_t(2*int($1)+1)*$word";
            }
            push @out, "$indent$var := ${pre}C.malloc($size)$post // notecoder: sized output slot (was malloc(0))\n";
            my $next = $i + 1 < @lines ? $lines[$i + 1] : '';
            if ($next !~ /C\.free\(unsafe\.Pointer\(\Q$var\E\)\)/) {
                push @out, "${indent}defer C.free(unsafe.Pointer($var)) // notecoder: free the output slot once read\n";
            }
            $slots++;
            next;
        }
        push @out, $line;
        if ($line =~ /^(\s*)ctensorsPtr := lib\.Atg\w+\(/ && $line !~ /notecoder:/) {
            my $next = $i + 1 < @lines ? $lines[$i + 1] : '';
            if ($next !~ /C\.free\(unsafe\.Pointer\(ctensorsPtr\)\)/) {
                push @out, "$1defer C.free(unsafe.Pointer(ctensorsPtr)) // notecoder: free the C array of outputs once read\n";
                $arrays++;
            }
        }
    }
    open(my $outf, '>', $file) or die "fix-output-slots: cannot write $file: $!\n";
    print $outf @out;
    close $outf;
}
# A fix that matches nothing means gotch changed under us: fail loudly, never exit 0.
die "fix-output-slots: no C.malloc(0) output slot found in @{[scalar @ARGV]} file(s) (gotch changed? re-check the defect)\n" if $slots == 0;
print "fix-output-slots: sized and freed $slots output slots, freed $arrays output arrays\n";
