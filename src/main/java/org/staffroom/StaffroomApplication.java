package org.staffroom;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class StaffroomApplication {

	public static void main(String[] args) {
		SpringApplication.run(StaffroomApplication.class, args);
	}

}
