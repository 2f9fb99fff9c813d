import './base.css';
import './table.css';
import './jobs.css';
