#pragma once

#include <QQuickImageProvider>

// Icons drawn at run time: "image://tincan/tray/N" is the app icon with a badge showing N
// unread messages (no badge for 0), for the tray, where no text can sit next to the icon.
class IconProvider : public QQuickImageProvider
{
public:
    IconProvider();
    static QString name() { return QStringLiteral("tincan"); }
    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;
};
