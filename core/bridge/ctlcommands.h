#pragma once

#include <QString>
#include <QStringList>

class QTextStream;

namespace Tincan::Ctl {

struct Options
{
    QString profileDir;
    bool json = false;
    QString command;
    QStringList arguments;
};

// Runs one command of `tincan ctl` (ctl.cpp parses the options). Returns the exit code.
int runCommand(const Options &options, QTextStream &out, QTextStream &err);

} // namespace Tincan::Ctl
