#!/usr/bin/perl
# Prints the names of the programs that the given files call, one a line, as
# "NAME<TAB>FILE:LINE" (the first place each is called). Used by check-ci-deps.sh.
#   shell scripts: the word in command position of every simple command (after ; | & ( ) { } $(
#                  and the keywords and wrappers below), outside quotes and comments;
#   C++ sources:   QProcess start/execute and QStandardPaths::findExecutable with a literal name;
#   CMake files:   COMMAND <name> and find_program(... NAMES <name>...).
# Absolute paths to programs (/usr/bin/x, /sbin/x) are printed as they are.
# Perl because it is in Debian's base system (perl-base), like everything this guard runs.
use strict;
use warnings;

# Words after which the next word is still in command position.
my %prefix = map { $_ => 1 } qw(if then else elif do while until ! time exec command builtin
  sudo $SUDO nice nohup xargs locked in_root leg);
# Wrappers that take options (and sometimes one argument) before the command they run.
my %with_arg = (timeout => 1, flock => 1, on => 1, chroot => 1, nsenter => 0, unshare => 0,
  env => 0, setsid => 0);
my %keyword = map { $_ => 1 } qw(for in case esac fi done function select return local export
  declare readonly shift set trap wait true false cd echo printf read source eval test break
  continue exit unset);

my %seen;
sub found {
  my ($name, $where) = @_;
  return if $seen{$name}++;
  print "$name\t$where\n";
}

sub shell_segment {
  my ($seg, $where) = @_;
  my @w = split ' ', $seg;
  while (@w) {
    my $word = shift @w;
    next if $word =~ /^[A-Za-z_][A-Za-z0-9_]*=/;    # VAR=value before a command
    next if $prefix{$word};
    if (exists $with_arg{$word}) {
      found($word, $where);
      shift @w while @w && ($w[0] =~ /^-/ || $w[0] =~ /^[A-Za-z_][A-Za-z0-9_]*=/);
      if ($with_arg{$word} && @w) { shift @w; shift @w while @w && $w[0] =~ /^-/; }
      next;
    }
    return if $keyword{$word};
    found($word, $where) if $word =~ m{^(?:[A-Za-z][A-Za-z0-9_.+-]*|/(?:usr/)?s?bin/[\w.+-]+)$};
    return;
  }
}

sub shell_file {
  my ($file) = @_;
  open my $fh, '<', $file or die "$file: $!";
  my $heredoc;
  while (my $line = <$fh>) {
    my $where = "$file:$.";
    if (defined $heredoc) { undef $heredoc if $line =~ /^\t*\Q$heredoc\E$/; next; }
    $heredoc = $1 if $line =~ /<<-?\s*['"]?(\w+)['"]?/;
    next if $line =~ /^\s*#/;
    # Command substitutions inside double quotes are commands too: lift them out first.
    my @subs;
    while ($line =~ /\$\(([^()]*)\)/g) { push @subs, $1; }
    $line =~ s/'[^']*'/ Q /g;            # single-quoted text: not commands
    $line =~ s/"(?:\\.|[^"\\])*"/ Q /g;  # double-quoted text
    $line =~ s/(?:^|\s)#.*$//;           # a trailing comment
    $line =~ s/\$\{[^}]*\}/ V /g;
    for my $text ($line, @subs) {
      my $t = $text;
      $t =~ s/\$\(/;/g;
      # A function definition "name() {" is not a call of name.
      $t =~ s/^\s*[\w-]+\s*\(\)\s*\{?//;
      shell_segment($_, $where) for split /[;|&(){}`]|\bthen\b|\bdo\b|\belse\b/, $t;
    }
  }
}

sub cpp_file {
  my ($file) = @_;
  open my $fh, '<', $file or die "$file: $!";
  while (my $line = <$fh>) {
    while ($line =~ /(?:\.start|::execute|::startDetached|findExecutable)\(\s*QStringLiteral\("([\w.+-]+)"\)/g) {
      found($1, "$file:$.");
    }
  }
}

sub cmake_file {
  my ($file) = @_;
  open my $fh, '<', $file or die "$file: $!";
  local $/;
  my $text = <$fh>;
  my $line_of = sub { my $pos = shift; return 1 + (substr($text, 0, $pos) =~ tr/\n//); };
  while ($text =~ /\bCOMMAND\s+([A-Za-z][\w.+-]*)/g) { found($1, "$file:" . $line_of->(pos $text)); }
  while ($text =~ /find_program\(\s*\w+\s+(?:NAMES\s+)?([^)]*)\)/g) {
    my ($names, $pos) = ($1, pos $text);
    $names =~ s/\b(?:PATHS|HINTS|DOC|REQUIRED|NO_\w+)\b.*//s;
    found($_, "$file:" . $line_of->($pos)) for grep { /^[A-Za-z][\w.+-]*$/ } split ' ', $names;
  }
}

for my $file (@ARGV) {
  if ($file =~ /\.(?:cpp|h)$/) { cpp_file($file); }
  elsif ($file =~ /(?:CMakeLists\.txt|\.cmake)$/) { cmake_file($file); }
  else { shell_file($file); }
}
