// A worker that does some work every ten seconds and stops cleanly when ECS asks it to.
let stopping = false;
process.on('SIGTERM', () => { stopping = true; });
const timer = setInterval(() => {
  if (stopping) { clearInterval(timer); process.exit(0); }
  console.log(JSON.stringify({ at: new Date().toISOString(), did: 'some work' }));
}, 10000);
