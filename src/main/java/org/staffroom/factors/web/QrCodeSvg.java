package org.staffroom.factors.web;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * An otpauth URI as a QR code in SVG, for an authenticator app to scan. ZXing lays out
 * the modules; this only draws them, one path, with no inline style (the pages'
 * Content-Security-Policy allows none).
 */
final class QrCodeSvg {

	private QrCodeSvg() {
	}

	static String of(String text, String label) {
		BitMatrix matrix;
		try {
			matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
					Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
		}
		catch (WriterException ex) {
			throw new IllegalStateException("Could not draw the QR code", ex);
		}
		int size = matrix.getWidth();
		StringBuilder path = new StringBuilder();
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				if (matrix.get(x, y)) {
					path.append('M').append(x).append(',').append(y).append("h1v1h-1z");
				}
			}
		}
		String title = label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"qr-title\" width=\"240\" "
				+ "height=\"240\" viewBox=\"0 0 " + size + " " + size + "\" shape-rendering=\"crispEdges\">"
				+ "<title id=\"qr-title\">" + title + "</title>" + "<rect width=\"" + size + "\" height=\"" + size
				+ "\" fill=\"#ffffff\"/>" + "<path fill=\"#0b0c0c\" d=\"" + path + "\"/></svg>";
	}

}
