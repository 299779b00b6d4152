import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The ceiling for aim (b): the same embedded Tomcat as the service (its jar, taken from the service
 * jar), with its default NIO connector, and one servlet that reads the request body and answers a
 * fixed 90-byte JSON answer, with nothing else: no Spring, no security, no token, no decision. wrk
 * against it with the same script, connections and cores shows what this machine can do at all
 * when wrk shares its two cores with the server.
 *
 * <pre>
 * java -cp 'lib/*' bench/TomcatCeiling.java PORT [MAX_THREADS] [MAX_KEEP_ALIVE_REQUESTS]
 * </pre>
 */
public class TomcatCeiling {

	static final byte[] ANSWER = "{\"allowed\":false,\"reason\":\"teacher at 7A does not grant accounts.manage\",\"code\":\"not_held\"}"
		.getBytes(StandardCharsets.UTF_8);

	public static void main(String[] args) throws Exception {
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(java.nio.file.Files.createTempDirectory("tomcat-ceiling").toString());
		Connector connector = new Connector("HTTP/1.1");
		connector.setPort(Integer.parseInt(args[0]));
		connector.setProperty("address", "127.0.0.1");
		if (args.length > 1) {
			connector.setProperty("maxThreads", args[1]);
		}
		if (args.length > 2) {
			connector.setProperty("maxKeepAliveRequests", args[2]);
		}
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", null);
		Tomcat.addServlet(context, "check", new HttpServlet() {
			@Override
			protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
				request.getInputStream().readAllBytes();
				response.setContentType("application/json");
				response.setContentLength(ANSWER.length);
				response.getOutputStream().write(ANSWER);
			}
		});
		context.addServletMappingDecoded("/*", "check");
		tomcat.start();
		System.out.println("ready on " + args[0]);
		tomcat.getServer().await();
	}

}
