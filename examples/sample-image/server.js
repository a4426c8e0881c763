// Answers on port 8080: `/health` for the load balancer, anything else with the image's version.
const http = require('http');
const version = process.env.APP_VERSION || 'unknown';
http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: 'hello from cdk-ecs-platform', version }) + '\n');
}).listen(8080, () => console.log('listening on 8080'));
process.on('SIGTERM', () => process.exit(0));
