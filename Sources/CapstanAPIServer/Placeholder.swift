import CapstanAPI
