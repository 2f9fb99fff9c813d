import './base.css';
import './table.css';
import './jobs.css';
import './sky.css';
