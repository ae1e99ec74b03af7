import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws Railyard's icon (a track running into the distance on a violet tile) and writes it as
 * PNG sizes, a Windows .ico and a macOS .icns, both of which embed PNG images.
 * Run: java installers/icons/IconRenderer.java installers/icons resources/icons
 */
public class IconRenderer {

    public static void main(String[] args) throws IOException {
        Path installerDir = Path.of(args.length > 0 ? args[0] : "installers/icons");
        Path resourceDir = Path.of(args.length > 1 ? args[1] : "resources/icons");
        Files.createDirectories(installerDir);
        Files.createDirectories(resourceDir);
        int[] sizes = {16, 32, 48, 64, 128, 256, 512};
        byte[][] pngs = new byte[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            pngs[i] = png(render(sizes[i]));
            Files.write(resourceDir.resolve("railyard-" + sizes[i] + ".png"), pngs[i]);
        }
        Files.write(installerDir.resolve("railyard.png"), pngs[sizes.length - 1]);
        Files.write(installerDir.resolve("railyard.ico"), ico(sizes, pngs));
        Files.write(installerDir.resolve("railyard.icns"), icns(pngs[4], pngs[5], pngs[6]));
    }

    static BufferedImage render(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double s = size;
        double inset = s * 0.04;
        g.setPaint(new GradientPaint(0, 0, new Color(0x7c3aed), (float) s, (float) s, new Color(0x3b0764)));
        g.fill(new RoundRectangle2D.Double(inset, inset, s - 2 * inset, s - 2 * inset, s * 0.22, s * 0.22));

        // Two rails converging towards the horizon, sleepers getting closer together.
        double bottom = s * 0.86;
        double top = s * 0.20;
        double cx = s / 2;
        double halfBottom = s * 0.30;
        double halfTop = s * 0.05;
        g.setColor(new Color(255, 255, 255, 170));
        int sleepers = size < 48 ? 4 : 7;
        for (int i = 0; i < sleepers; i++) {
            double t = 1 - Math.pow(1 - (i + 0.3) / (double) sleepers, 1.8);
            double y = bottom - (bottom - top) * t;
            double half = halfBottom - (halfBottom - halfTop) * t;
            g.setStroke(new BasicStroke((float) Math.max(1, s * 0.035 * (1 - 0.7 * t)), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(cx - half * 1.28, y, cx + half * 1.28, y));
        }
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke((float) Math.max(1.2, s * 0.05), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(cx - halfBottom, bottom, cx - halfTop, top));
        g.draw(new Line2D.Double(cx + halfBottom, bottom, cx + halfTop, top));
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** ICO with PNG-compressed entries (Vista and later read them). */
    static byte[] ico(int[] sizes, byte[][] pngs) {
        int count = 0;
        for (int size : sizes) {
            if (size <= 256) {
                count++;
            }
        }
        int offset = 6 + 16 * count;
        ByteBuffer header = ByteBuffer.allocate(offset).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) 0).putShort((short) 1).putShort((short) count);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] > 256) {
                continue;
            }
            header.put((byte) (sizes[i] == 256 ? 0 : sizes[i])).put((byte) (sizes[i] == 256 ? 0 : sizes[i]))
                    .put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32)
                    .putInt(pngs[i].length).putInt(offset + body.size());
            body.writeBytes(pngs[i]);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(header.array());
        all.writeBytes(body.toByteArray());
        return all.toByteArray();
    }

    /** ICNS with PNG entries: ic07 (128), ic08 (256), ic09 (512). */
    static byte[] icns(byte[] png128, byte[] png256, byte[] png512) throws IOException {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(entries);
        String[] types = {"ic07", "ic08", "ic09"};
        byte[][] images = {png128, png256, png512};
        for (int i = 0; i < types.length; i++) {
            out.writeBytes(types[i]);
            out.writeInt(8 + images[i].length);
            out.write(images[i]);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream head = new DataOutputStream(file);
        head.writeBytes("icns");
        head.writeInt(8 + entries.size());
        head.write(entries.toByteArray());
        return file.toByteArray();
    }
}
