#include "iconprovider.h"

#include <QPainter>

IconProvider::IconProvider()
    : QQuickImageProvider(QQuickImageProvider::Image)
{}

QImage IconProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    const int side = requestedSize.isValid() ? std::max(requestedSize.width(), 16) : 64;
    QImage image(side, side, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);

    // The app's one mark, as the package icon and the web page show it.
    static const QImage mark(QStringLiteral(":/Tincan/mark.png"));
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(QRectF(0, 0, side, side), mark);
    const qreal s = side;
    painter.setPen(Qt::NoPen);

    const QStringList parts = id.split(QLatin1Char('/'));
    const int unread =
        parts.size() == 2 && parts.first() == QLatin1String("tray") ? parts.at(1).toInt() : 0;
    if (unread > 0) {
        const QRectF badge(s * 0.46, 0, s * 0.54, s * 0.54);
        painter.setBrush(QColor(0xe5, 0x39, 0x35));
        painter.drawEllipse(badge);
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(int(s * (unread > 9 ? 0.26 : 0.34)));
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(badge, Qt::AlignCenter,
                         unread > 99 ? QStringLiteral("99+") : QString::number(unread));
    }
    painter.end();
    if (size)
        *size = image.size();
    return image;
}
