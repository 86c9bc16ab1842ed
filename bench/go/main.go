// spike-wire: an independent load client and a TLS 1.3 echo server for `spike-bench wire`.
//
// Written against Go's standard library only, so the client shares no code with Nexus (the JDK) and
// the echo server is the ceiling of any Go server on the same SVIDs (upstream SPIKE's stack).
//
//	spike-wire load -url https://127.0.0.1:8553 -mode get|put -c 16 -d 5s -warm 3s \
//	    -cert svid.pem -key key.pem -bundle bundle.pem [-new-conn] [-resume]
//	spike-wire echo -addr 127.0.0.1:0 -cert svid.pem -key key.pem -bundle bundle.pem
package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: spike-wire load|echo [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "load":
		err = load(os.Args[2:])
	case "echo":
		err = echo(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "spike-wire:", err)
		os.Exit(1)
	}
}

// identityFlags registers -cert, -key and -bundle; once parsed, the returned function loads them
// into a TLS 1.3 config that presents the SVID and checks the peer's SPIFFE chain for usage.
func identityFlags(fs *flag.FlagSet, who string) func(usage x509.ExtKeyUsage) (*tls.Config, error) {
	certFile := fs.String("cert", "", who+" SVID chain (PEM)")
	keyFile := fs.String("key", "", who+" SVID key (PEM)")
	bundleFile := fs.String("bundle", "", "trust bundle (PEM)")
	return func(usage x509.ExtKeyUsage) (*tls.Config, error) {
		cert, pool, err := identity(*certFile, *keyFile, *bundleFile)
		if err != nil {
			return nil, err
		}
		return &tls.Config{
			Certificates:          []tls.Certificate{cert},
			MinVersion:            tls.VersionTLS13,
			VerifyPeerCertificate: verifySpiffe(pool, usage),
		}, nil
	}
}

// identity loads an SVID (chain + key) and the trust bundle written by the benchmark harness.
func identity(certFile, keyFile, bundleFile string) (tls.Certificate, *x509.CertPool, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return cert, nil, err
	}
	pem, err := os.ReadFile(bundleFile)
	if err != nil {
		return cert, nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return cert, nil, errors.New("no certificate in " + bundleFile)
	}
	return cert, pool, nil
}

// verifySpiffe checks a peer chain against the bundle and requires a spiffe:// URI SAN, as
// go-spiffe's authorizers do (SVIDs name SPIFFE IDs, not host names).
func verifySpiffe(pool *x509.CertPool, usage x509.ExtKeyUsage) func([][]byte, [][]*x509.Certificate) error {
	return func(raw [][]byte, _ [][]*x509.Certificate) error {
		if len(raw) == 0 {
			return errors.New("no peer certificate")
		}
		certs := make([]*x509.Certificate, len(raw))
		for i, r := range raw {
			c, err := x509.ParseCertificate(r)
			if err != nil {
				return err
			}
			certs[i] = c
		}
		inter := x509.NewCertPool()
		for _, c := range certs[1:] {
			inter.AddCert(c)
		}
		if _, err := certs[0].Verify(x509.VerifyOptions{Roots: pool, Intermediates: inter,
			KeyUsages: []x509.ExtKeyUsage{usage}}); err != nil {
			return err
		}
		if len(certs[0].URIs) != 1 || certs[0].URIs[0].Scheme != "spiffe" {
			return errors.New("peer has no SPIFFE ID")
		}
		return nil
	}
}

func load(args []string) error {
	fs := flag.NewFlagSet("load", flag.ExitOnError)
	url := fs.String("url", "", "base URL of the server")
	mode := fs.String("mode", "get", "get or put")
	conc := fs.Int("c", 1, "concurrent clients")
	dur := fs.Duration("d", 5*time.Second, "measured time")
	warm := fs.Duration("warm", 3*time.Second, "warm-up time before measuring")
	loadIdentity := identityFlags(fs, "client")
	newConn := fs.Bool("new-conn", false, "a new TCP connection and TLS handshake per request")
	resume := fs.Bool("resume", false, "with -new-conn: resume TLS 1.3 sessions (session tickets)")
	keys := fs.Int("keys", 1000, "secrets bench/k0..k<keys-1>")
	fs.Parse(args)

	cfg, err := loadIdentity(x509.ExtKeyUsageServerAuth)
	if err != nil {
		return err
	}
	cfg.InsecureSkipVerify = true // replaced by the SPIFFE check (VerifyPeerCertificate)
	if *resume {
		cfg.ClientSessionCache = tls.NewLRUClientSessionCache(1024)
	}
	var resumed, handshakes int64
	transport := &http.Transport{
		TLSClientConfig:     cfg,
		DisableKeepAlives:   *newConn,
		MaxIdleConnsPerHost: *conc,
		MaxConnsPerHost:     0,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
	}
	if *newConn {
		cfg.VerifyConnection = func(s tls.ConnectionState) error {
			atomic.AddInt64(&handshakes, 1)
			if s.DidResume {
				atomic.AddInt64(&resumed, 1)
			}
			return nil
		}
	}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	request := func(r *rand.Rand) error {
		k := r.Intn(*keys)
		var target, body string
		switch *mode {
		case "get":
			target, body = "/v1/store/secrets?action=get", fmt.Sprintf(`{"path":"bench/k%d"}`, k)
		case "put":
			target, body = "/v1/store/secrets", fmt.Sprintf(`{"path":"bench/k%d","values":{"user":"u","password":"%d"}}`, k, r.Int())
		default:
			return fmt.Errorf("unknown mode %q", *mode)
		}
		resp, err := client.Post(*url+target, "application/json", strings.NewReader(body))
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != 200 {
			err = fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		return err
	}

	var measuring int32
	var mu sync.Mutex
	var latencies []time.Duration
	var errs int64
	var firstErr atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < *conc; i++ {
		wg.Add(1)
		go func(seed int64) {
			defer wg.Done()
			r := rand.New(rand.NewSource(seed))
			mine := make([]time.Duration, 0, 1<<16)
			for {
				select {
				case <-stop:
					mu.Lock()
					latencies = append(latencies, mine...)
					mu.Unlock()
					return
				default:
				}
				t0 := time.Now()
				err := request(r)
				if atomic.LoadInt32(&measuring) == 1 {
					if err != nil {
						atomic.AddInt64(&errs, 1)
						firstErr.CompareAndSwap(nil, err.Error())
					} else {
						mine = append(mine, time.Since(t0))
					}
				}
			}
		}(int64(i) + 1)
	}
	time.Sleep(*warm)
	atomic.StoreInt64(&handshakes, 0)
	atomic.StoreInt64(&resumed, 0)
	atomic.StoreInt32(&measuring, 1)
	start := time.Now()
	time.Sleep(*dur)
	atomic.StoreInt32(&measuring, 0)
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()

	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "ops=%d seconds=%.2f rate=%.0f p50=%.2f p99=%.2f errors=%d",
		len(latencies), elapsed.Seconds(), float64(len(latencies))/elapsed.Seconds(), pct(0.50), pct(0.99), errs)
	if *newConn {
		fmt.Fprintf(&out, " handshakes=%d resumed=%d", atomic.LoadInt64(&handshakes), atomic.LoadInt64(&resumed))
	}
	if e := firstErr.Load(); e != nil {
		fmt.Fprintf(&out, " first_error=%q", e)
	}
	fmt.Println(out.String())
	return nil
}

// echo answers every POST with a fixed JSON body of a secret read's size, over mTLS 1.3 with the
// client's SPIFFE chain verified: the ceiling of a Go server doing no work per request.
func echo(args []string) error {
	fs := flag.NewFlagSet("echo", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	loadIdentity := identityFlags(fs, "server")
	fs.Parse(args)
	cfg, err := loadIdentity(x509.ExtKeyUsageClientAuth)
	if err != nil {
		return err
	}
	cfg.ClientAuth = tls.RequireAnyClientCert // verified against the bundle (VerifyPeerCertificate)
	ln, err := tls.Listen("tcp", *addr, cfg)
	if err != nil {
		return err
	}
	body := []byte(`{"data":{"password":"123","user":"u"}}`) // the size of a secret read
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	fmt.Printf("listening on %s\n", ln.Addr())
	return (&http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}).Serve(ln)
}
